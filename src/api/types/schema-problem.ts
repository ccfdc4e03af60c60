import { builder } from '../builder.ts';
import { JSONScalar } from './scalars.ts';

/**
 * A problem at a JSON Pointer: in a submitted schema (schema checks) or in a job's result (values
 * dropped because they broke the schema, where `rejectedValue` is what the model gave).
 */
export interface SchemaProblemShape {
  path: string;
  message: string;
  rejectedValue?: unknown;
}

export const SchemaProblemRef = builder.objectRef<SchemaProblemShape>('SchemaProblem').implement({
  fields: (t) => ({
    path: t.exposeString('path', { description: 'JSON Pointer into the submitted schema, or into the result for a violation.' }),
    message: t.exposeString('message'),
    rejectedValue: t.field({
      type: JSONScalar,
      nullable: true,
      description: 'For a violation: the value the model gave, which was dropped. Null for schema problems.',
      resolve: (p) => p.rejectedValue ?? null,
    }),
  }),
});
