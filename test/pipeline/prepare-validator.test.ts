import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareValidatorSoon } from '../../src/pipeline/prepare-validator.ts';
import { createValueValidator, type ValueValidator } from '../../src/pipeline/validate-value.ts';
import type { JsonSchema } from '../../src/domain/types.ts';

/** The real validator, recording which schemas it was asked to prepare. */
function recordingValidator(): ValueValidator & { prepared: JsonSchema[] } {
  const validator = createValueValidator();
  const prepared: JsonSchema[] = [];
  return {
    ...validator,
    prepared,
    prepare(schema) {
      prepared.push(schema);
      validator.prepare(schema);
    },
  };
}

const schema: JsonSchema = { type: 'object', properties: { a: { type: 'string' } } };

describe('prepareValidatorSoon', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes and prepares nothing before the delay, then the schema once', () => {
    const validator = recordingValidator();
    let made = 0;
    prepareValidatorSoon(validator, () => (made++, schema), 50);
    vi.advanceTimersByTime(49);
    expect(made).toBe(0);
    vi.advanceTimersByTime(1);
    expect(validator.prepared).toEqual([schema]);
    vi.runAllTimers();
    expect(made).toBe(1);
  });

  it('stopped before the delay, prepares (and makes) nothing', () => {
    const validator = recordingValidator();
    let made = 0;
    const stop = prepareValidatorSoon(validator, () => (made++, schema), 50);
    vi.advanceTimersByTime(49);
    stop();
    vi.runAllTimers();
    expect(made).toBe(0);
    expect(validator.prepared).toEqual([]);
  });

  it('a schema that cannot be compiled is left to fail where it is used, not in the timer', () => {
    const validator = recordingValidator();
    const broken: JsonSchema = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    prepareValidatorSoon(validator, () => broken, 0);
    expect(() => vi.runAllTimers()).not.toThrow();
    expect(validator.prepared).toEqual([broken]);
    expect(() => validator.validate(broken, { a: 1 })).toThrow();
  });
});
