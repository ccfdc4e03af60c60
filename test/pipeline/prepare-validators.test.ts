import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareValidatorsSoon } from '../../src/pipeline/prepare-validators.ts';
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

const schemas: JsonSchema[] = [
  { type: 'object', properties: { a: { type: 'string' } } },
  { type: 'array', items: { type: 'number' } },
  { type: 'string', format: 'date' },
];

describe('prepareValidatorsSoon', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prepares nothing before the delay, then one schema per event-loop turn, in order', () => {
    const validator = recordingValidator();
    const made: number[] = [];
    prepareValidatorsSoon(validator, schemas.map((s, i) => () => (made.push(i), s)), 50);
    vi.advanceTimersByTime(49);
    expect(made).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(validator.prepared).toEqual([schemas[0]]);
    vi.runAllTimers();
    expect(validator.prepared).toEqual(schemas);
    expect(made).toEqual([0, 1, 2]);
  });

  it('after stop, prepares (and makes) nothing more', () => {
    const validator = recordingValidator();
    const made: number[] = [];
    const preparing = prepareValidatorsSoon(validator, schemas.map((s, i) => () => (made.push(i), s)), 50);
    vi.advanceTimersByTime(50);
    preparing.stop();
    vi.runAllTimers();
    expect(made).toEqual([0]);

    const early = recordingValidator();
    prepareValidatorsSoon(early, schemas.map((s) => () => s), 50).stop();
    vi.runAllTimers();
    expect(early.prepared).toEqual([]);
  });

  it('a schema that cannot be compiled is skipped, and the next is still prepared', () => {
    const validator = recordingValidator();
    const broken: JsonSchema = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    prepareValidatorsSoon(validator, [() => broken, () => schemas[1]!], 0);
    vi.runAllTimers();
    expect(validator.prepared).toEqual([broken, schemas[1]]);
    expect(() => validator.validate(broken, { a: 1 })).toThrow();
  });
});
