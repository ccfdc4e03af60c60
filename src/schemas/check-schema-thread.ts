/**
 * Worker-thread entry of check-in-thread.ts: checks schemas one message at a time. checkSchema is
 * pure and bounded (100,000 JSON values), so the thread is long-lived and reused.
 */
import { parentPort } from 'node:worker_threads';
import { checkSchema, checkSchemaResolving, type SchemaLimits } from './check-schema.ts';
import { resolvedSchemaShapeOf, type SchemaShape } from './schema-shape.ts';

// A first check in a fresh thread compiles the meta-schema and warms the compiler's paths (tens of
// ms): done here, as the thread starts (at the service's start, check-in-thread.ts), not on the way
// to a client's first schema. Any small schema that uses the common keywords will do.
checkSchema(
  {
    type: 'object',
    $defs: { amount: { type: 'number', minimum: 0 } },
    properties: {
      id: { type: 'string', pattern: '^[A-Z0-9-]+$' },
      kind: { enum: ['a', 'b'] },
      total: { $ref: '#/$defs/amount' },
      lines: { type: 'array', items: { type: 'object', properties: { amount: { $ref: '#/$defs/amount' } } } },
    },
    required: ['id'],
  },
  { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 },
);

// A valid schema is split here too, when the API keeps its shape for a start's estimate
// (`wantShape`: checked-schemas.ts): a schema sent here may expand hugely, and splitting it writes
// every `$ref` out. Split once, from the form the check resolved: the array mode changes no count.
parentPort!.on('message', ({ id, schema, limits, wantShape }: { id: number; schema: unknown; limits: SchemaLimits; wantShape: boolean }) => {
  const { result, resolved } = checkSchemaResolving(schema, limits);
  const shape: SchemaShape | undefined = wantShape && resolved ? resolvedSchemaShapeOf(resolved) : undefined;
  parentPort!.postMessage({ id, result, shape });
});
