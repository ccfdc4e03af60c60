import { GraphQLError, Kind, valueFromASTUntyped, type ValueNode } from 'graphql';
import { builder } from '../builder.ts';
import { UploadOnDisk } from '../receive-multipart.ts';

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

// A multipart request's files come in received to disk (use-uploads-on-disk.ts), and only those
// are files: anything else, such as a JSON variable shaped like one, is refused.
export const FileScalar = builder.scalarType('File', {
  description: 'A file of a GraphQL multipart request.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (!(value instanceof UploadOnDisk)) throw new GraphQLError('Expected a file sent as a GraphQL multipart request');
    return value;
  },
  parseLiteral: () => {
    throw new GraphQLError('A file cannot be written inline in a query; send a multipart request');
  },
});
