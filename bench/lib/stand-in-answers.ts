/**
 * What the benchmarks' model stand-in answers: for every subtree, a minimal value valid against the
 * response schema the request asks for.
 */
import type { StubRequest } from '../../test/helpers/gemini-stub.ts';

/** A minimal value valid against `schema` (the subtree's response schema), for the stand-in to answer. */
function minimalValue(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 12) return null;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  if ('const' in s) return s.const;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) {
      const branch = branches.find((b) => (b as Record<string, unknown>)?.type !== 'null') ?? branches[0];
      return minimalValue(branch, depth + 1);
    }
  }
  const types = Array.isArray(s.type) ? s.type : [s.type];
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, minimalValue(v, depth + 1)]));
    }
    case 'array': {
      const count = Math.max(typeof s.minItems === 'number' ? s.minItems : 0, 2);
      return Array.from({ length: count }, () => minimalValue(s.items, depth + 1));
    }
    case 'string':
      return s.format === 'date' ? '2024-01-31' : 'x';
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    default:
      return null;
  }
}

/** The stand-in's answer to one request: a valid value for the subtree it asks for. */
export function answerOf(request: StubRequest): unknown {
  return minimalValue(request.responseSchema);
}
