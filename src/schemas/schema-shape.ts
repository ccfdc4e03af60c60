import type { JsonSchema } from '../domain/types.ts';
import { splitResolvedSchema, splitSchema } from '../pipeline/split-schema.ts';

/**
 * Subtrees and leaf fields of a schema as the worker will split it: what a start's estimate needs.
 * The same with agentic arrays or without: that mode only sets each array subtree's items per turn
 * (split-schema.ts), never which subtrees there are or what they count.
 */
export interface SchemaShape {
  totalSubtrees: number;
  totalFields: number;
}

/**
 * The shape of `schema`. Advisory (a start's estimate): a schema the split cannot take gets a
 * shape of one subtree, and the worker computes the real plan.
 */
export function schemaShapeOf(schema: JsonSchema): SchemaShape {
  return shapeOrFallback(() => splitSchema(schema));
}

/** schemaShapeOf a schema whose `$ref`s are resolved already (the checking thread has it so), without resolving it again. */
export function resolvedSchemaShapeOf(resolved: JsonSchema): SchemaShape {
  return shapeOrFallback(() => splitResolvedSchema(resolved));
}

function shapeOrFallback(split: () => { subtrees: unknown[]; totalFields: number }): SchemaShape {
  try {
    const { subtrees, totalFields } = split();
    return { totalSubtrees: subtrees.length, totalFields };
  } catch {
    return { totalSubtrees: 1, totalFields: 0 };
  }
}
