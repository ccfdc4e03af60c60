import { builder } from '../builder.ts';
import { appError, parseId } from '../../errors.ts';
import { parsePageRequest, toConnection } from '../../db/pagination.ts';
import { createSchema, validateSchema } from '../../schemas/schemas.service.ts';
import { deleteSchema, findSchema, listSchemas, type SchemaRecord } from '../../schemas/schemas.repository.ts';
import type { CheckedSchema } from '../../schemas/check-schema.ts';
import { SchemaProblemRef } from './schema-problem.ts';
import { PageInfoRef } from './page-info.ts';
import { DateTimeScalar, JSONScalar } from './scalars.ts';

export const ExtractionSchemaRef = builder.objectRef<SchemaRecord>('ExtractionSchema').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    jsonSchema: t.expose('jsonSchema', { type: JSONScalar }),
    totalFields: t.exposeInt('totalFields', { description: 'Number of leaf fields in the schema.' }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
  }),
});

const ExtractionSchemaConnectionRef = builder
  .objectRef<{ nodes: SchemaRecord[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>('ExtractionSchemaConnection')
  .implement({
    fields: (t) => ({
      nodes: t.expose('nodes', { type: [ExtractionSchemaRef] }),
      pageInfo: t.expose('pageInfo', { type: PageInfoRef }),
    }),
  });

const SchemaValidationRef = builder
  .objectRef<CheckedSchema>('SchemaValidation')
  .implement({
    fields: (t) => ({
      valid: t.exposeBoolean('valid'),
      errors: t.expose('errors', { type: [SchemaProblemRef] }),
      warnings: t.expose('warnings', {
        type: [SchemaProblemRef],
        description: 'Keywords accepted but not enforced by extraction, and similar advice.',
      }),
      totalFields: t.exposeInt('totalFields', { nullable: true }),
    }),
  });

builder.queryFields((t) => ({
  extractionSchema: t.field({
    type: ExtractionSchemaRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const schema = await findSchema(ctx.deps.db, ctx.tenant.id, parseId(String(args.id), 'Schema id'));
      if (!schema) throw appError('NOT_FOUND', `Schema ${args.id} not found`);
      return schema;
    },
  }),
  extractionSchemas: t.field({
    type: ExtractionSchemaConnectionRef,
    args: { first: t.arg.int({ defaultValue: 20 }), after: t.arg.string() },
    resolve: async (_root, args, ctx) => {
      const page = parsePageRequest(args.first, args.after);
      return toConnection(await listSchemas(ctx.deps.db, ctx.tenant.id, page), page.first);
    },
  }),
  validateSchema: t.field({
    type: SchemaValidationRef,
    description:
      'Checks a JSON Schema without saving it, with the same rules as createSchema and startExtractionJob: every problem and warning with its JSON Pointer.',
    args: { jsonSchema: t.arg({ type: JSONScalar, required: true }) },
    resolve: (_root, args, ctx) =>
      validateSchema(args.jsonSchema, ctx.deps.limits.schema, ctx.tenant.id, { openaiCompatible: ctx.deps.openaiCompatible ?? false }),
  }),
}));

builder.mutationFields((t) => ({
  createSchema: t.field({
    type: ExtractionSchemaRef,
    description: 'Save a JSON Schema. An invalid or unsupported schema fails with UNPROCESSABLE and the problems listed.',
    args: { name: t.arg.string({ required: true }), jsonSchema: t.arg({ type: JSONScalar, required: true }) },
    resolve: (_root, args, ctx) =>
      createSchema(ctx.deps.db, ctx.tenant.id, { name: args.name, jsonSchema: args.jsonSchema }, ctx.deps.limits.schema),
  }),
  deleteSchema: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const deleted = await deleteSchema(ctx.deps.db, ctx.tenant.id, parseId(String(args.id), 'Schema id'));
      if (!deleted) throw appError('NOT_FOUND', `Schema ${args.id} not found`);
      return true;
    },
  }),
}));
