/**
 * Subtrees finish in any order, so the merged result's keys would follow completion order.
 * People read results next to their schema: put keys in the schema's `properties` order (keys
 * the schema does not list keep the order they came in). Expects local $refs resolved.
 */
export function orderLikeSchema(value: unknown, schema: unknown): unknown {
  const node = typeof schema === 'object' && schema !== null ? (schema as Record<string, unknown>) : {};
  if (Array.isArray(value)) return value.map((item) => orderLikeSchema(item, node.items));
  if (value === null || typeof value !== 'object') return value;
  const properties = typeof node.properties === 'object' && node.properties !== null ? (node.properties as Record<string, unknown>) : {};
  const record = value as Record<string, unknown>;
  const keys = [...Object.keys(properties).filter((key) => key in record), ...Object.keys(record).filter((key) => !(key in properties))];
  return Object.fromEntries(keys.map((key) => [key, orderLikeSchema(record[key], properties[key])]));
}
