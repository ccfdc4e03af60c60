import type { JsonSchema } from '../domain/types.ts';
import { splitSchema } from '../pipeline/split-schema.ts';

/** Subtrees and leaf fields of a schema as the worker will split it: what a start's estimate needs. */
export interface SchemaShape {
  totalSubtrees: number;
  totalFields: number;
}

/** Both array modes' shapes of one schema, as the checking thread sends them with a valid check. */
export interface SchemaShapes {
  agenticArrays: SchemaShape;
  plainArrays: SchemaShape;
}

/**
 * The shape of `schema` split with or without agentic arrays. Advisory (a start's estimate): a
 * schema the split cannot take gets a shape of one subtree, and the worker computes the real plan.
 */
export function schemaShapeOf(schema: JsonSchema, agenticArrays: boolean): SchemaShape {
  try {
    const split = splitSchema(schema, { agenticArrays });
    return { totalSubtrees: split.subtrees.length, totalFields: split.totalFields };
  } catch {
    return { totalSubtrees: 1, totalFields: 0 };
  }
}
