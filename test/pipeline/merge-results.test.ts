import { describe, expect, it } from 'vitest';
import { fillMissing, placeAt } from '../../src/pipeline/assemble-result.ts';
import { evidenceMap, mergeCandidates } from '../../src/pipeline/merge-results.ts';
import type { Candidate } from '../../src/pipeline/merge-results.ts';
import type { FieldEvidence, Section } from '../../src/domain/types.ts';

function section(page: number): Section {
  return { pages: [{ page, width: 600, height: 800, hasTextLayer: true, lines: [] }], text: '', imagePages: [] };
}

function candidate(value: unknown, page: number, evidence: FieldEvidence[] = []): Candidate {
  return { value, evidence: evidenceMap(evidence), section: section(page) };
}

describe('merging the answers of several sections', () => {
  it('a lone answer comes out as the full merge makes it: a copy, with the source of every primitive and null', () => {
    const value = JSON.parse('{"n": "INV-7", "due": null, "lines": [{"sku": "A", "qty": 1}, {"sku": "A", "qty": 1}, null], "a/b~c": [[1, "x"]], "__proto__": {"p": true}}');
    const lone = candidate(value, 1, [{ pointer: '/lines/1/qty', quote: '1', page: 1, reasoning: 'r', confidence: 0.9 }]);
    const merged = mergeCandidates([lone]);
    // With a second answer that has nothing, the full merge runs and must agree.
    const full = mergeCandidates([lone, candidate(null, 2)]);
    expect(merged.value).toEqual(full.value);
    expect(merged.value).not.toBe(value);
    expect(Object.hasOwn(merged.value as object, '__proto__')).toBe(true);
    expect([...merged.sources]).toEqual([...full.sources]);
    expect(merged.sources.get('/lines/1/qty')?.evidence?.confidence).toBe(0.9);
    expect(merged.sources.has('/due')).toBe(true);
  });

  it('a lone answer merged without sources (nothing attributes it) is the same copy, with no sources kept', () => {
    const value = JSON.parse('{"n": "INV-7", "due": null, "lines": [{"sku": "A", "qty": 1}, null], "__proto__": {"p": true}}');
    const lone = candidate(value, 1, [{ pointer: '/n', quote: 'INV-7', page: 1, reasoning: 'r', confidence: 0.9 }]);
    const merged = mergeCandidates([lone], { sources: false });
    expect(merged.value).toEqual(mergeCandidates([lone]).value);
    expect(merged.value).not.toBe(value);
    expect(Object.hasOwn(merged.value as object, '__proto__')).toBe(true);
    expect(merged.sources.size).toBe(0);
  });

  it('concatenates arrays in section order and drops items another section already gave', () => {
    const merged = mergeCandidates([
      candidate([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }], 1),
      candidate([{ sku: 'b ', qty: '2' }, { sku: 'C', qty: 3 }], 2),
    ]);
    expect(merged.value).toEqual([{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }]);
  });

  it('keeps an item repeated inside one answer as often as that answer repeats it', () => {
    const merged = mergeCandidates([candidate(['x', 'x', 'y'], 1), candidate(['x', 'z'], 2)]);
    expect(merged.value).toEqual(['x', 'x', 'y', 'z']);
  });

  it('treats 1234.5 and "1,234.50" and a missing key and null as the same item', () => {
    const merged = mergeCandidates([
      candidate([{ amount: 1234.5, note: null }], 1),
      candidate([{ amount: '1,234.50' }], 2),
    ]);
    expect(merged.value).toEqual([{ amount: 1234.5, note: null }]);
  });

  it('takes the scalar with the highest evidence confidence', () => {
    const merged = mergeCandidates([
      candidate({ total: 10 }, 1, [{ pointer: '/total', confidence: 0.4 }]),
      candidate({ total: 12 }, 2, [{ pointer: '/total', confidence: 0.9 }]),
    ]);
    expect(merged.value).toEqual({ total: 12 });
    expect(merged.sources.get('/total')?.section?.pages[0]?.page).toBe(2);
  });

  it('without confidences takes the answer more sections gave, and among equals the first', () => {
    const majority = mergeCandidates([candidate({ c: 'EUR' }, 1), candidate({ c: 'USD' }, 2), candidate({ c: 'usd' }, 3)]);
    expect(majority.value).toEqual({ c: 'USD' });
    const first = mergeCandidates([candidate({ c: 'EUR' }, 1), candidate({ c: 'USD' }, 2)]);
    expect(first.value).toEqual({ c: 'EUR' });
  });

  it('prefers any non-null answer over null', () => {
    const merged = mergeCandidates([candidate({ po: null, n: 1 }, 1), candidate({ po: 'PO-9', n: null }, 2)]);
    expect(merged.value).toEqual({ po: 'PO-9', n: 1 });
  });

  it('renumbers the evidence of array items to their place in the merged array', () => {
    const merged = mergeCandidates([
      candidate([{ sku: 'A' }], 1, [{ pointer: '/0/sku', quote: 'A on 1' }]),
      candidate([{ sku: 'A' }, { sku: 'B' }], 2, [{ pointer: '/1/sku', quote: 'B on 2' }]),
    ]);
    expect(merged.sources.get('/0/sku')?.evidence?.quote).toBe('A on 1');
    expect(merged.sources.get('/1/sku')?.evidence?.quote).toBe('B on 2');
    expect(merged.sources.get('/1/sku')?.section?.pages[0]?.page).toBe(2);
  });
});

describe('assembling the result', () => {
  const schema = {
    type: 'object',
    properties: {
      number: { type: 'string' },
      date: { type: 'string' },
      seller: { type: 'object', properties: { name: { type: 'string' }, vat: { type: 'string' } } },
      lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'number' } } } },
    },
  };

  it('deep-merges objects placed at the same pointer', () => {
    let root: unknown = {};
    root = placeAt(root, '', { number: 'INV-1', seller: { name: 'ACME' } }, schema);
    root = placeAt(root, '/lines', [{ sku: 'A', qty: 1 }], schema);
    root = placeAt(root, '', { date: '2024-01-01', seller: { vat: 'DE1' } }, schema);
    expect(root).toEqual({
      number: 'INV-1',
      date: '2024-01-01',
      seller: { name: 'ACME', vat: 'DE1' },
      lines: [{ sku: 'A', qty: 1 }],
    });
  });

  it('never modifies the root or the values it places, nor do later placements on the result', () => {
    const deepFreeze = <T>(value: T): T => {
      if (typeof value === 'object' && value !== null) for (const child of Object.values(value)) deepFreeze(child);
      return Object.freeze(value);
    };
    const first = deepFreeze({ number: 'INV-1', seller: { name: 'ACME' }, lines: [{ sku: 'A', qty: 1 }] });
    const second = deepFreeze({ date: '2024-01-01', seller: { vat: 'DE1' } });
    const lines = deepFreeze([{ sku: 'B', qty: 2 }]);
    // Frozen, so a write into any of them would throw (modules run in strict mode).
    let root: unknown = deepFreeze({});
    root = placeAt(root, '', first, schema);
    root = placeAt(root, '', second, schema);
    root = placeAt(root, '/lines', lines, schema);
    root = placeAt(root, '/seller', deepFreeze({ name: null }), schema);
    expect(root).toEqual({ number: 'INV-1', date: '2024-01-01', seller: { name: 'ACME', vat: 'DE1' }, lines: [{ sku: 'B', qty: 2 }] });
    expect(first).toEqual({ number: 'INV-1', seller: { name: 'ACME' }, lines: [{ sku: 'A', qty: 1 }] });
    expect(second).toEqual({ date: '2024-01-01', seller: { vat: 'DE1' } });
  });

  it('creates a missing array parent when the schema says array', () => {
    const perPage = { type: 'array', items: schema };
    let root: unknown = [];
    root = placeAt(root, '/1/lines', [], perPage);
    root = placeAt(root, '/0', { number: 'A' }, perPage);
    root = placeAt(root, '/1', { number: 'B' }, perPage);
    expect(root).toEqual([{ number: 'A' }, { number: 'B', lines: [] }]);
  });

  it('fills every declared property that is missing with null, inside array items too', () => {
    expect(fillMissing(schema, { number: 'X', seller: { name: 'N' }, lines: [{ sku: 'A' }] })).toEqual({
      number: 'X',
      date: null,
      seller: { name: 'N', vat: null },
      lines: [{ sku: 'A', qty: null }],
    });
  });

  it('stores a "__proto__" key from model output as a plain key', () => {
    const root = placeAt({}, '', JSON.parse('{"__proto__": {"polluted": true}}'), schema) as Record<string, unknown>;
    expect(Object.hasOwn(root, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('places null under a property named "__proto__" as null, not as the prototype the key would read', () => {
    const withProto = { type: 'object', properties: { ['__proto__']: { type: 'object', properties: { p: { type: 'string' } } } } };
    const root = placeAt({}, '/__proto__', null, withProto) as Record<string, unknown>;
    expect(Object.hasOwn(root, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(root, '__proto__')?.value).toBeNull();
    expect(JSON.stringify(root)).toBe('{"__proto__":null}');
  });
});
