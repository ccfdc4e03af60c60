/**
 * A schema small as written whose local `$ref`s expand it hugely: a definition carrying a nested
 * `$defs` of `defs` entries, reached 2^`levels` times through `c_i: anyOf [c_(i+1), c_(i+1)]`.
 * It passes every check limit (its nested `$defs` is not written out by resolving). At 2,000
 * entries and 11 levels (26 KB) its check cost the API thread 1.6-1.9 s of CPU; the default here
 * (64 reaches of 100 entries, 2.5 KB) is of the same kind and cheap to check anywhere.
 */
export function expandingSchema(defs = 100, levels = 6): Record<string, unknown> {
  const definitions: Record<string, unknown> = {
    f: { type: 'string', $defs: Object.fromEntries(Array.from({ length: defs }, (_, i) => [`x${i}`, {}])) },
  };
  for (let i = 0; i < levels; i++) definitions[`c${i}`] = { anyOf: [{ $ref: `#/$defs/c${i + 1}` }, { $ref: `#/$defs/c${i + 1}` }] };
  definitions[`c${levels}`] = { $ref: '#/$defs/f' };
  return { type: 'object', $defs: definitions, properties: { a: { $ref: '#/$defs/c0' } } };
}
