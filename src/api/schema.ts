import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
// Each module below adds its types and fields to the builder; importing them here, in one place,
// is what puts them in the schema.
import './types/scalars.ts';
import './types/page-info.ts';
import './types/tenant.ts';
import './types/document.ts';
import './types/extraction-schema.ts';
import './types/extract-config.ts';
import './types/job-parts.ts';
import './types/job-event.ts';
import './types/job.ts';
import './types/extraction-estimate.ts';

let schema: GraphQLSchema | null = null;

export function getSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}

/** The committed schema.graphql: sorted so that moving code around does not change it. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(getSchema()))}\n`;
}
