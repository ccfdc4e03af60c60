import { GraphQLError, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { builder } from '../builder.ts';
import type { UploadedFile } from '../../documents/documents.service.ts';

export const JSONScalar = builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast: ValueNode) => valueFromASTUntyped(ast),
});

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'ISO-8601 timestamp with timezone.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString()),
  parseValue: (value) => parseDate(value),
  parseLiteral: (ast) => parseDate(ast.kind === Kind.STRING ? ast.value : null),
});

function parseDate(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
  return date;
}

// Yoga hands uploads over as @whatwg-node's File ponyfill, which is not `instanceof File` on Node:
// accept anything that behaves like a file.
export const FileScalar = builder.scalarType('File', {
  description: 'A file of a GraphQL multipart request.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    const file = value as Partial<UploadedFile> | null;
    if (!file || typeof file.arrayBuffer !== 'function' || typeof file.size !== 'number') {
      throw new GraphQLError('Expected a file sent as a GraphQL multipart request');
    }
    return file as UploadedFile;
  },
  parseLiteral: () => {
    throw new GraphQLError('A file cannot be written inline in a query; send a multipart request');
  },
});
