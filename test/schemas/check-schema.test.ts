import { describe, expect, it } from 'vitest';
import { checkSchema, DEFAULT_SCHEMA_LIMITS } from '../../src/schemas/check-schema.ts';

const paths = (problems: Array<{ path: string }>): string[] => problems.map((p) => p.path);

const invoice = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    date: { type: 'string', format: 'date' },
    seller: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
    },
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          description: { type: 'string' },
          quantity: { type: 'number' },
          price: { type: 'number' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    notes: { type: 'array', items: { type: 'string' } },
  },
  required: ['invoice_number'],
};

/** An object schema nested `levels` deep in total (the root counts as 1). */
function nestedObjects(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('checkSchema: input shape', () => {
  it.each([
    ['null', null],
    ['an array', [{ type: 'object' }]],
    ['a string', '{"type":"object"}'],
    ['a number', 42],
    ['undefined', undefined],
  ])('%s is rejected at the root, without throwing', (_name, input) => {
    const result = checkSchema(input);
    expect(result).toMatchObject({ valid: false, totalFields: null });
    expect(result.errors).toEqual([{ path: '', message: 'a schema must be a JSON object' }]);
  });

  it('a 20,000-level nesting is refused instead of overflowing the stack', () => {
    const result = checkSchema(nestedObjects(20_000));
    expect(result.valid).toBe(false);
    expect(result.errors[0]!.message).toMatch(/nested too deeply/);
  });

  it('an object that contains itself is refused with the pointer of the loop', () => {
    const schema: Record<string, unknown> = { type: 'object' };
    schema['properties'] = { self: schema };
    expect(checkSchema(schema).errors).toEqual([{ path: '/properties/self', message: expect.stringMatching(/contains itself/) }]);
  });

  it('non-JSON values (functions, NaN, dates) are refused where they are', () => {
    const withFunction = { type: 'object', properties: { a: { type: 'string', default: () => 1 } } };
    const withNaN = { type: 'object', properties: { a: { type: 'number', maximum: Number.NaN } } };
    const withDate = { type: 'object', properties: { a: { type: 'string', default: new Date(0) } } };
    expect(paths(checkSchema(withFunction).errors)).toEqual(['/properties/a/default']);
    expect(paths(checkSchema(withNaN).errors)).toEqual(['/properties/a/maximum']);
    expect(paths(checkSchema(withDate).errors)).toEqual(['/properties/a/default']);
  });

  it('random junk never makes it throw', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const keywords = ['type', 'properties', 'items', '$ref', '$defs', 'enum', 'anyOf', 'required', 'pattern', 'x-a', 'definitions'];
    const junk = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.25) return [null, true, 0, -1, 'object', '#/$defs/a', '#', '[', {}][Math.floor(random() * 9)];
      if (r < 0.4) return Array.from({ length: Math.floor(random() * 4) }, () => junk(depth + 1));
      const obj: Record<string, unknown> = {};
      for (let i = 0; i < 4; i++) obj[keywords[Math.floor(random() * keywords.length)]!] = junk(depth + 1);
      return obj;
    };
    for (let i = 0; i < 500; i++) {
      const input = junk(0);
      const result = checkSchema(input);
      expect(typeof result.valid).toBe('boolean');
      if (!result.valid) expect(result.totalFields).toBeNull();
    }
  });
});

describe('checkSchema: meta-schema', () => {
  it('a misspelled type is an error at the pointer of that type', () => {
    const result = checkSchema({ type: 'object', properties: { x: { type: 'strng' } } });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ path: '/properties/x/type', message: expect.stringContaining('"string"') }]);
  });

  it('a negative minLength is an error at that keyword', () => {
    const result = checkSchema({ type: 'object', properties: { x: { type: 'string', minLength: -1 } } });
    expect(paths(result.errors)).toEqual(['/properties/x/minLength']);
  });

  it('a draft-07 schema with definitions is accepted', () => {
    const result = checkSchema({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      definitions: { money: { type: 'number' } },
      properties: { total: { $ref: '#/definitions/money' }, pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] } },
    });
    expect(result).toEqual({ valid: true, errors: [], warnings: [], totalFields: 3 });
  });

  it('an explicit 2020-12 $schema is accepted', () => {
    const result = checkSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', ...invoice });
    expect(result.valid).toBe(true);
  });

  it('another draft is refused at /$schema', () => {
    const result = checkSchema({ $schema: 'http://json-schema.org/draft-04/schema#', ...invoice });
    expect(paths(result.errors)).toEqual(['/$schema']);
  });
});

describe('checkSchema: service rules', () => {
  it('a root that is not an object schema is an error at /type', () => {
    const result = checkSchema({ type: 'array', items: { type: 'string' } });
    expect(paths(result.errors)).toEqual(['/type', '']);
  });

  it('a root type that is no type at all is one problem at /type, saying the root must be an object', () => {
    const result = checkSchema({ type: 'objekt', properties: { x: { type: 'string' } } });
    expect(result.errors).toEqual([{ path: '/type', message: expect.stringMatching(/^the root must be an object schema/) }]);
    // Without properties too: two mistakes, two problems.
    expect(paths(checkSchema({ type: 'objekt' }).errors)).toEqual(['/type', '']);
  });

  it('a root object without properties is an error', () => {
    expect(checkSchema({ type: 'object' }).errors).toEqual([{ path: '', message: expect.stringMatching(/at least one property/) }]);
    expect(paths(checkSchema({ type: 'object', properties: {} }).errors)).toEqual(['/properties']);
  });

  it('a root that is a $ref to an object definition is accepted', () => {
    const result = checkSchema({ $ref: '#/$defs/invoice', $defs: { invoice } });
    expect(result).toMatchObject({ valid: true, totalFields: 10 });
  });

  it('references to $defs and definitions resolve and count their leaves', () => {
    const result = checkSchema({
      type: 'object',
      $defs: { address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } } },
      definitions: { money: { type: 'number' } },
      properties: {
        billing: { $ref: '#/$defs/address' },
        shipping: { $ref: '#/$defs/address' },
        total: { $ref: '#/definitions/money' },
      },
    });
    expect(result).toMatchObject({ valid: true, totalFields: 5 });
  });

  it.each([
    ['a remote document', 'https://example.com/address.json', /remote references/],
    ['a relative file', 'address.json#/$defs/a', /remote references/],
    ['the root', '#', /whole schema/],
    ['an anchor', '#address', /anchor/],
    ['a place outside $defs', '#/properties/total', /under #\/\$defs/],
  ])('a reference to %s is an error at its $ref', (_name, ref, message) => {
    const result = checkSchema({ type: 'object', properties: { total: { type: 'number' }, a: { $ref: ref } } });
    expect(result.errors).toEqual([{ path: '/properties/a/$ref', message: expect.stringMatching(message) }]);
  });

  it('a reference that points nowhere is an error at its $ref', () => {
    const result = checkSchema({ type: 'object', $defs: {}, properties: { a: { $ref: '#/$defs/missing' } } });
    expect(result.errors).toEqual([{ path: '/properties/a/$ref', message: '"#/$defs/missing" points nowhere' }]);
  });

  it('a definition that refers to itself is a cycle reported at the $ref inside it', () => {
    const result = checkSchema({
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { name: { type: 'string' }, child: { $ref: '#/$defs/node' } } } },
    });
    expect(result.valid).toBe(false);
    expect(paths(result.errors)).toEqual(['/$defs/node/properties/child/$ref']);
  });

  it('a two-definition cycle is reported at a $ref in the cycle, also when no property uses it', () => {
    const result = checkSchema({
      type: 'object',
      properties: { name: { type: 'string' } },
      $defs: {
        a: { type: 'object', properties: { b: { $ref: '#/$defs/b' } } },
        b: { type: 'array', items: { $ref: '#/$defs/a' } },
      },
    });
    expect(result.errors).toHaveLength(1);
    expect(['/$defs/a/properties/b/$ref', '/$defs/b/items/$ref']).toContain(result.errors[0]!.path);
    expect(result.errors[0]!.message).toMatch(/reference cycle: .*#\/\$defs\/a.*#\/\$defs\/b/);
  });

  it('a $dynamicRef is refused', () => {
    const result = checkSchema({ type: 'object', properties: { a: { $dynamicRef: '#node' } } });
    expect(paths(result.errors)).toEqual(['/properties/a/$dynamicRef']);
  });

  it('a pattern that is not a regular expression is an error at the pattern', () => {
    const result = checkSchema({ type: 'object', properties: { code: { type: 'string', pattern: '([a-z]' } } });
    expect(paths(result.errors)).toEqual(['/properties/code/pattern']);
  });

  it('a non-integer items-per-turn is an error at that keyword', () => {
    const result = checkSchema({
      type: 'object',
      properties: { rows: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-agenticArrayExtractionMaxItemsPerTurn': 2.5 } },
    });
    expect(paths(result.errors)).toEqual(['/properties/rows/x-agenticArrayExtractionMaxItemsPerTurn']);
  });
});

describe('checkSchema: limits', () => {
  it('ten levels of nesting pass and eleven fail at the eleventh level', () => {
    expect(checkSchema(nestedObjects(DEFAULT_SCHEMA_LIMITS.maxDepth)).valid).toBe(true);
    const result = checkSchema(nestedObjects(11));
    expect(result.errors).toEqual([
      { path: '/properties/a'.repeat(10), message: expect.stringMatching(/nesting depth 11 exceeds the limit of 10/) },
    ]);
  });

  it('an array and its item object are two levels', () => {
    const schema = {
      type: 'object',
      properties: { rows: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } },
    };
    expect(checkSchema(schema, { maxDepth: 3 }).valid).toBe(true);
    expect(paths(checkSchema(schema, { maxDepth: 2 }).errors)).toEqual(['/properties/rows/items']);
  });

  it('depth counts through references and is reported where the definition is written', () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/inner' } },
      $defs: { inner: { type: 'object', properties: { b: { type: 'object', properties: { c: { type: 'string' } } } } } },
    };
    expect(paths(checkSchema(schema, { maxDepth: 2 }).errors)).toEqual(['/$defs/inner/properties/b']);
  });

  it('more properties than the limit is an error at the root, counting each use of a definition', () => {
    const schema = {
      type: 'object',
      $defs: { pair: { type: 'object', properties: { x: { type: 'number' }, y: { type: 'number' } } } },
      properties: { a: { $ref: '#/$defs/pair' }, b: { $ref: '#/$defs/pair' } },
    };
    expect(checkSchema(schema, { maxProperties: 6 }).valid).toBe(true);
    expect(checkSchema(schema, { maxProperties: 5 }).errors).toEqual([
      { path: '', message: 'the schema has 6 properties once its $refs are expanded; the limit is 5' },
    ]);
  });

  it('501 properties exceed the default limit', () => {
    const properties = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}`, { type: 'string' }]));
    expect(paths(checkSchema({ type: 'object', properties }).errors)).toEqual(['']);
  });

  it('an enum longer than the limit is an error at that enum', () => {
    const values = Array.from({ length: 1001 }, (_, i) => `v${i}`);
    const result = checkSchema({ type: 'object', properties: { status: { type: 'string', enum: values } } });
    expect(result.errors).toEqual([{ path: '/properties/status/enum', message: 'enum has 1001 values; the limit is 1000' }]);
    expect(checkSchema({ type: 'object', properties: { status: { enum: values.slice(1) } } }).valid).toBe(true);
  });
});

describe('checkSchema: expanded size', () => {
  const tooLarge = {
    path: '',
    message:
      'the schema is too large once its $refs are expanded (they write out more than 2097152 characters of JSON); use fewer references to large definitions such as long enums',
  };
  /** The largest enum the limits allow, of long values: about 152,000 characters of JSON. */
  const longEnum = (): Record<string, unknown> => ({ type: 'string', enum: Array.from({ length: 1000 }, (_, i) => `${i}-`.padEnd(150, 'x')) });
  const usedBy = (count: number, definition: Record<string, unknown>): Record<string, unknown> => ({
    type: 'object',
    $defs: { e: definition },
    properties: Object.fromEntries(Array.from({ length: count }, (_, i) => [`p${i}`, { $ref: '#/$defs/e' }])),
  });
  /** `d0: anyOf [d1, d1]`, `d1: anyOf [d2, d2]`, ... : the enum is written out 2^depth times. */
  const doublingChain = (depth: number): Record<string, unknown> => {
    const $defs: Record<string, unknown> = { e: longEnum() };
    for (let i = 0; i < depth; i++) {
      const next = i + 1 < depth ? `#/$defs/d${i + 1}` : '#/$defs/e';
      $defs[`d${i}`] = { anyOf: [{ $ref: next }, { $ref: next }] };
    }
    return { type: 'object', $defs, properties: { a: { $ref: '#/$defs/d0' } } };
  };

  it('a long enum used by 499 properties (75 MB once expanded, from 167 KB of text) is refused at the root', () => {
    expect(checkSchema(usedBy(499, longEnum()))).toMatchObject({ valid: false, errors: [tooLarge] });
  });

  it('a chain of definitions that each use the next twice, eleven deep over a long enum (300 MB once expanded), is refused', () => {
    expect(checkSchema(doublingChain(11))).toMatchObject({ valid: false, errors: [tooLarge] });
  });

  it('is refused without being expanded: thirteen doublings (1.2 GB once written out) are refused like eleven', () => {
    expect(checkSchema(doublingChain(13))).toMatchObject({ valid: false, errors: [tooLarge] });
  });

  it('the bound is the JSON text references write out: the long enum used 13 times (1.99 million characters) passes, 14 times (2.14 million) does not', () => {
    expect(checkSchema(usedBy(13, longEnum())).valid).toBe(true);
    expect(checkSchema(usedBy(14, longEnum())).errors).toEqual([tooLarge]);
  });

  it('examples, defaults and consts reached through references count too', () => {
    const long = 'x'.repeat(600_000);
    expect(checkSchema(usedBy(3, { type: 'string', examples: [long] })).valid).toBe(true);
    expect(checkSchema(usedBy(4, { type: 'string', examples: [long] })).errors).toEqual([tooLarge]);
    expect(checkSchema(usedBy(4, { type: 'string', default: long })).errors).toEqual([tooLarge]);
    expect(checkSchema(usedBy(4, { const: long })).errors).toEqual([tooLarge]);
  });

  it('counts only what references write out: a schema without any passes at any size, and so does one large definition used once', () => {
    const long = 'x'.repeat(3_000_000);
    expect(checkSchema({ type: 'object', description: long, properties: { a: { type: 'string', examples: [long] } } }).valid).toBe(true);
    expect(checkSchema(usedBy(1, { type: 'string', examples: [long.slice(0, 2_000_000)] })).valid).toBe(true);
  });

  it('an ordinary schema with many references to a small enum passes', () => {
    const currency = { type: 'string', enum: ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'], description: 'ISO 4217 code' };
    const result = checkSchema(usedBy(499, currency));
    expect(result.errors).toEqual([]);
    expect(result.totalFields).toBe(499);
  });
});

describe('checkSchema: warnings', () => {
  it('an unknown keyword is a warning at that keyword and the schema stays valid', () => {
    const result = checkSchema({ type: 'object', properties: { a: { type: 'string', nullable: true } } });
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([{ path: '/properties/a/nullable', message: expect.stringMatching(/unknown keyword "nullable"/) }]);
  });

  it('x- extensions and the service keywords are not warned about', () => {
    const result = checkSchema({
      type: 'object',
      'x-owner': 'finance',
      propertyOrdering: ['rows'],
      properties: {
        rows: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } }, 'x-agenticArrayExtractionMaxItemsPerTurn': 20 },
      },
    });
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('a pattern is a warning that it is not enforced during generation', () => {
    const result = checkSchema({ type: 'object', properties: { iban: { type: 'string', pattern: '^[A-Z]{2}' } } });
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      { path: '/properties/iban/pattern', message: '"pattern" is validated after extraction but not enforced during generation' },
    ]);
  });

  it('an unknown format is a warning that it is not checked', () => {
    const result = checkSchema({ type: 'object', properties: { when: { type: 'string', format: 'dat' }, d: { type: 'string', format: 'date' } } });
    expect(result.warnings).toEqual([{ path: '/properties/when/format', message: 'unknown format "dat" is not checked' }]);
  });

  it('items-per-turn on something that is not an array is a warning', () => {
    const result = checkSchema({ type: 'object', properties: { a: { type: 'string', 'x-agenticArrayExtractionMaxItemsPerTurn': 5 } } });
    expect(paths(result.warnings)).toEqual(['/properties/a/x-agenticArrayExtractionMaxItemsPerTurn']);
  });
});

describe('checkSchema: totalFields', () => {
  it('counts primitives, item fields of an array of objects once, and an array of primitives as one', () => {
    // invoice_number, date, seller.name, seller.address.street, .city,
    // line_items[].description, .quantity, .price, .tags, notes
    expect(checkSchema(invoice)).toEqual({ valid: true, errors: [], warnings: [], totalFields: 10 });
  });

  it('counts a nullable anyOf and a free-form object as one leaf each', () => {
    const result = checkSchema({
      type: 'object',
      properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] }, meta: { type: 'object' } },
    });
    expect(result.totalFields).toBe(2);
  });

  it('is null for an invalid schema', () => {
    expect(checkSchema({ type: 'object', properties: { a: { type: 'strng' } } }).totalFields).toBeNull();
  });
});
