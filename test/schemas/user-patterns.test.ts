import { describe, expect, it } from 'vitest';
import { createValueValidator } from '../../src/pipeline/validate-value.ts';
import { checkSchema } from '../../src/schemas/check-schema.ts';

const withPattern = (pattern: string): Record<string, unknown> => ({
  type: 'object',
  properties: { code: { type: 'string', pattern } },
});

// 5,000 "a"s and a "!": a backtracking engine needs about 2^5000 steps for ^(a+)+$, so these tests
// only finish because matching is linear; they would hang (and time out) on the built-in RegExp.
const EVIL_INPUT = `${'a'.repeat(5000)}!`;

describe('user patterns run in linear time', () => {
  it('a catastrophic pattern is accepted and an answer against it is judged without freezing', () => {
    const schema = withPattern('^(a+)+$');
    expect(checkSchema(schema).valid).toBe(true);
    const validator = createValueValidator();
    expect(validator.validate(schema, { code: EVIL_INPUT })).toEqual(['/code: must match pattern "^(a+)+$"']);
    expect(validator.validate(schema, { code: 'aaaa' })).toEqual([]);
  });

  it('patternProperties are matched by the same engine', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, patternProperties: { '^(x+x+)+y$': { type: 'number' } } };
    expect(checkSchema(schema).valid).toBe(true);
    expect(createValueValidator().validate(schema, { [`${'x'.repeat(3000)}y`]: 'not a number' })).toHaveLength(1);
    expect(createValueValidator().validate(schema, { [EVIL_INPUT]: 'anything' })).toEqual([]);
  });

  it('JSON Schema patterns stay unanchored unless they anchor themselves', () => {
    const validator = createValueValidator();
    expect(validator.validate(withPattern('[0-9]{3}'), { code: 'ab123cd' })).toEqual([]);
    expect(validator.validate(withPattern('^[0-9]{3}$'), { code: 'ab123cd' })).toHaveLength(1);
  });

  it('ECMAScript \\u escapes and Unicode classes keep their meaning', () => {
    const validator = createValueValidator();
    expect(validator.validate(withPattern('^caf\\u00e9$'), { code: 'café' })).toEqual([]);
    expect(validator.validate(withPattern('^\\u{1F600}$'), { code: '😀' })).toEqual([]);
    expect(validator.validate(withPattern('^\\p{Lu}\\p{Ll}+$'), { code: 'Émile' })).toEqual([]);
    // An escaped backslash followed by "u0041" is literal text, not the escape for "A".
    expect(validator.validate(withPattern('^\\\\u0041$'), { code: '\\u0041' })).toEqual([]);
  });
});

describe('patterns RE2 cannot run are refused when the schema is checked', () => {
  it.each([
    ['a lookahead', '^(?=.*[0-9])[a-z0-9]+$', /unsupported Perl syntax/],
    ['a negative lookbehind', '(?<!x)y', /invalid named capture/],
    ['a backreference', '^(a)\\1$', /invalid escape sequence/],
  ])('%s is an error at the pattern that says what is not supported', (_name, pattern, reason) => {
    const result = checkSchema(withPattern(pattern));
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.path).toBe('/properties/code/pattern');
    expect(result.errors[0]!.message).toMatch(/linear time.*lookarounds and backreferences are not supported/);
    expect(result.errors[0]!.message).toMatch(reason);
  });

  it('a patternProperties key with a lookahead is an error at that key', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, patternProperties: { '^(?!x)': { type: 'string' } } };
    expect(checkSchema(schema).errors.map((e) => e.path)).toEqual(['/patternProperties/^(?!x)']);
  });

  it('a pattern inside propertyNames and $defs is checked too', () => {
    const schema = {
      type: 'object',
      properties: { a: { $ref: '#/$defs/code' }, b: { type: 'object', propertyNames: { pattern: '(?=a)' } } },
      $defs: { code: { type: 'string', pattern: '(a)\\1' } },
    };
    expect(checkSchema(schema).errors.map((e) => e.path).sort()).toEqual(['/$defs/code/pattern', '/properties/b/propertyNames/pattern']);
  });
});
