import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { createThreadCompiler } from '../../src/json-schema/compile-in-thread.ts';
import { resolveRefs } from '../../src/json-schema/resolve-refs.ts';
import { compilableCopy, createUserAjvs } from '../../src/json-schema/user-ajv.ts';
import { sectionAnswerSchema } from '../../src/pipeline/lenient-schema.ts';

const root = path.join(import.meta.dirname, '../..');

function filesNamed(dir: string, test: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesNamed(full, test);
    return test(name) ? [full] : [];
  });
}
const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

/** Every keyword family the validators meet, in one schema: what the generated code refers to outside itself (formats, ajv's runtime helpers, RE2 patterns) above all. */
const KEYWORDS_SCHEMA = {
  type: 'object',
  $defs: { node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }, required: ['name'] } },
  properties: {
    date: { type: 'string', format: 'date' },
    when: { type: 'string', format: 'date-time', formatMinimum: '2020-01-01T00:00:00Z' },
    email: { type: 'string', format: 'email' },
    site: { anyOf: [{ type: 'string', format: 'uri' }, { type: 'null' }] },
    id: { type: 'string', format: 'uuid' },
    code: { type: 'string', pattern: '^[A-Z]{2}\\u00e9?[0-9]+$', minLength: 3, maxLength: 8 },
    emoji: { type: 'string', minLength: 2 },
    amount: { type: 'number', exclusiveMinimum: 0, multipleOf: 0.01 },
    count: { type: 'integer', minimum: 1, maximum: 9 },
    kind: { enum: ['a', 'b', { c: 1 }] },
    fixed: { const: [1, 2] },
    tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, minItems: 1, maxItems: 3, contains: { const: 'x' } },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
    tree: { $ref: '#/$defs/node' },
    either: { oneOf: [{ type: 'string' }, { type: 'string', maxLength: 2 }, { type: 'number' }] },
    extras: { type: 'object', patternProperties: { '^x-': { type: 'number' } }, additionalProperties: false, propertyNames: { maxLength: 5 } },
    shipping: { type: 'object', properties: { method: { type: 'string' } }, dependentRequired: { method: ['address'] }, unevaluatedProperties: { type: 'string' } },
    priced: { if: { properties: { free: { const: true } } }, then: { required: ['reason'] }, else: { required: ['price'] } },
    none: { not: { type: 'null' } },
  },
  required: ['date', 'amount'],
  additionalProperties: false,
};

const KEYWORDS_VALUES = [
  {},
  { date: '2024-02-29', amount: 1.25 },
  {
    date: '2024-02-30', when: '2019-05-01T00:00:00Z', email: 'not an email', site: 'no scheme', id: 'x', code: 'ab1', emoji: '😀', amount: 0.001, count: 10,
    kind: { c: 2 }, fixed: [1, 2, 3], tags: ['a', 'a', 'b', 'c'], pair: ['a', 'b', 3], tree: { children: [{ name: 1 }, { children: [{}] }] }, either: 'ab',
    extras: { 'x-a': 'no', other: 1, toolongname: 1 }, shipping: { method: 'air', note: 3 }, priced: { free: true }, none: null, unknown: 1,
  },
  { date: '2024-01-01', when: '2021-05-01T00:00:00Z', email: 'a@b.co', site: null, id: '123e4567-e89b-12d3-a456-426614174000', code: 'ABé12', emoji: '😀😀', amount: 3.5, count: 9, kind: { c: 1 }, fixed: [1, 2], tags: ['x'], pair: ['a', 1], tree: { name: 'r', children: [{ name: 'c' }] }, either: 3, extras: { 'x-a': 1 }, shipping: { method: 'air', address: 'here', note: 'n' }, priced: { free: false, price: 1 }, none: 0 },
  'not an object',
  null,
];

/** A few wrong values derived from a right one: a leaf of another type, a key gone, a key too many. */
function mutations(value: unknown): unknown[] {
  const out: unknown[] = [value, null, [value]];
  const leaves: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((item, i) => (item !== null && typeof item === 'object' ? walk(item) : leaves.push({ parent: v, key: i })));
    else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) item !== null && typeof item === 'object' ? walk(item) : leaves.push({ parent: v as Record<string, unknown>, key: k });
    }
  };
  for (let n = 0; n < 4; n++) {
    const copy = structuredClone(value);
    leaves.length = 0;
    walk(copy);
    const leaf = leaves[Math.floor(((n + 1) * leaves.length) / 5)];
    if (!leaf) break;
    const old = (leaf.parent as Record<string | number, unknown>)[leaf.key];
    if (n === 3 && !Array.isArray(leaf.parent)) delete (leaf.parent as Record<string, unknown>)[leaf.key as string];
    else (leaf.parent as Record<string | number, unknown>)[leaf.key] = typeof old === 'string' ? 7 : n % 2 ? 'seven' : null;
    if (copy !== null && typeof copy === 'object' && !Array.isArray(copy)) (copy as Record<string, unknown>)['not_in_schema'] = true;
    out.push(copy);
  }
  return out;
}

function inProcess(text: string): ValidateFunction {
  const { ajv2020, ajv07 } = createUserAjvs();
  const { copy, draft } = compilableCopy(text);
  return (draft === 'draft-07' ? ajv07 : ajv2020).compile(copy);
}

const results = (validate: ValidateFunction, value: unknown) => ({ valid: validate(value), errors: validate.errors ?? null });

describe('a validator compiled in the thread', () => {
  const compiler = createThreadCompiler();

  it('reports exactly what an in-process one does, for every keyword family, format and pattern', async () => {
    const text = JSON.stringify(KEYWORDS_SCHEMA);
    const threaded = await compiler.compile(text);
    expect(threaded).not.toBeNull();
    const local = inProcess(text);
    for (const value of KEYWORDS_VALUES) expect(results(threaded!, value)).toEqual(results(local, value));
    // The schema does what the comparison assumes: its failures come from everywhere in it.
    expect(local(KEYWORDS_VALUES[2])).toBe(false);
    expect(new Set(local.errors!.map((e) => e.keyword)).size).toBeGreaterThan(20);
    expect(local(KEYWORDS_VALUES[3])).toBe(true);
  });

  it("reports exactly what an in-process one does over the repository's schemas and examples, as written, with $refs written out and as a section answer's schema", async () => {
    const schemaFiles = [
      ...filesNamed(path.join(root, 'examples'), (n) => n === 'schema.json'),
      ...filesNamed(path.join(root, 'bench/corpora'), (n) => n === 'schema.json' || n.endsWith('.schema.json')),
    ];
    const valueFiles = [...filesNamed(path.join(root, 'examples'), (n) => n.startsWith('expected')), ...filesNamed(path.join(root, 'bench/corpora'), (n) => n === 'expected.json')];
    expect(schemaFiles.length).toBeGreaterThan(20);
    expect(valueFiles.length).toBeGreaterThan(150);
    // Each schema against its own example and a spread of the others (most of which fail it).
    let compared = 0;
    for (const [i, file] of schemaFiles.entries()) {
      const schema = readJson(file) as Record<string, unknown>;
      const own = path.join(path.dirname(file), 'expected.json');
      const values = [...(valueFiles.includes(own) ? [readJson(own)] : []), ...valueFiles.filter((_, j) => j % 17 === i % 17).map(readJson)].flatMap(mutations);
      for (const variant of [schema, resolveRefs(schema), sectionAnswerSchema(resolveRefs(schema))]) {
        const text = JSON.stringify(variant);
        const threaded = await compiler.compile(text);
        expect(threaded, file).not.toBeNull();
        const local = inProcess(text);
        for (const value of values) {
          expect(results(threaded!, value), file).toEqual(results(local, value));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('of a draft-07 schema validates with draft-07 semantics, as in-process', async () => {
    const text = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { money: { type: 'number' } },
      properties: { total: { $ref: '#/definitions/money' }, pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }], additionalItems: false } },
      dependencies: { total: ['pair'] },
    });
    const threaded = await compiler.compile(text);
    const local = inProcess(text);
    for (const value of [{ total: 'x', pair: ['a', 'b', 'c'] }, { total: 1 }, { total: 1, pair: ['a', 2] }]) expect(results(threaded!, value)).toEqual(results(local, value));
    expect(results(local, { total: 'x', pair: ['a', 'b'] }).errors?.map((e) => e.instancePath)).toEqual(['/total', '/pair/1']);
  });

  it('is not made for a schema ajv cannot compile: the answer is null, and the in-process compile fails with its own error', async () => {
    const text = JSON.stringify({ type: 'object', properties: { a: { $ref: '#/$defs/missing' } } });
    expect(await compiler.compile(text)).toBeNull();
    expect(() => inProcess(text)).toThrow(/can't resolve reference #\/\$defs\/missing/);
  });

  it('is not made for a schema over the size bound, which is not sent', async () => {
    const bounded = createThreadCompiler({ maxChars: 200 });
    const small = JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } });
    const large = JSON.stringify({ type: 'object', properties: { a: { type: 'string', description: 'x'.repeat(200) } } });
    expect(await bounded.compile(small)).not.toBeNull();
    expect(await bounded.compile(large)).toBeNull();
  });

  it('is not made when the compile passes the time bound, which counts the compile and not the thread\'s start', async () => {
    // A fresh thread takes 0.3-1.6 s to start: a bound of 100 ms is still met by a small schema.
    const compiler = createThreadCompiler({ timeoutMs: 100 });
    expect(await compiler.compile(JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }))).not.toBeNull();
    // Thousands of schema objects: the warm thread cannot generate their code within 100 ms.
    const slow = JSON.stringify({ type: 'object', properties: Object.fromEntries(Array.from({ length: 1_000 }, (_, i) => [`p${i}`, { anyOf: [{ type: 'string', format: 'date' }, { type: 'null' }] }])) });
    expect(await compiler.compile(slow)).toBeNull();
    const patient = createThreadCompiler({ timeoutMs: 60_000 });
    expect(await patient.compile(slow)).not.toBeNull();
  });

  it('is not made for a schema with a __proto__ key, whose standalone code would read it as a prototype; in-process, the key is a key', async () => {
    const texts = [
      '{"type":"object","properties":{"b":{"const":{"__proto__":{"a":1}}}}}',
      '{"enum":[{"__proto__":"x"},{"__proto__":"y"}]}',
      '{"const":{"\\u005f_proto__":{"a":1}}}',
    ];
    for (const text of texts) expect(await compiler.compile(text), text).toBeNull();
    const local = inProcess(texts[0]!);
    expect(local(JSON.parse('{"b":{"__proto__":{"a":1}}}'))).toBe(true);
    expect(local({ b: {} })).toBe(false);
    expect(inProcess(texts[1]!)(JSON.parse('{"__proto__":"y"}'))).toBe(true);
    expect(inProcess(texts[1]!)({})).toBe(false);
    // Any other schema with a value of the same shape is sent, and compiled.
    expect(await compiler.compile('{"const":{"proto":{"a":1}}}')).not.toBeNull();
  });

  it('keeps compiling distinct schemas past what ajv keeps of them would fill the thread, three times over', { timeout: 300_000 }, async () => {
    // Forty lists of ten optional dates with a pattern each: about 38,000 characters, of which
    // the thread's ajv kept about 9 MB. The thread renews its ajv at a share of its heap limit
    // (compile-thread.ts), so a quarter of the default heap shows the same as the default does, four
    // times sooner: without the renewal, this thread ran out after about 270,000 characters.
    const schemaOf = (r: number) => ({
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [
          `m${i}_${r}`,
          { type: 'array', items: { type: 'object', properties: Object.fromEntries(Array.from({ length: 10 }, (_, j) => [`f${j}`, { anyOf: [{ type: 'string', format: 'date', pattern: `^[0-9]{${r % 50}}` }, { type: 'null' }] }])) } },
        ]),
      ),
    });
    const fresh = createThreadCompiler({ maxOldGenerationSizeMb: 64 });
    let chars = 0;
    for (let r = 0; chars < 800_000; r++) {
      const text = JSON.stringify(schemaOf(r));
      chars += text.length;
      const validate = await fresh.compile(text);
      expect(validate, `schema ${r}, ${chars} characters in all`).not.toBeNull();
      expect(validate!({ [`m0_${r}`]: [{ f0: 'x' }] })).toBe(false);
    }
  });
});
