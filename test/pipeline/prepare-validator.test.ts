import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareValidatorSoon } from '../../src/pipeline/prepare-validator.ts';
import { createValueValidator, type ValueValidator } from '../../src/pipeline/validate-value.ts';
import type { JsonSchema } from '../../src/domain/types.ts';
import { rejectingCompiler } from './rejecting-compiler.ts';

/** The real validator, recording which schemas it was asked to prepare and the preparations. */
function recordingValidator(): ValueValidator & { prepared: JsonSchema[]; preparations: Promise<void>[] } {
  const validator = createValueValidator();
  const prepared: JsonSchema[] = [];
  const preparations: Promise<void>[] = [];
  return {
    ...validator,
    prepared,
    preparations,
    prepare(schema) {
      prepared.push(schema);
      const preparation = validator.prepare(schema);
      preparations.push(preparation);
      return preparation;
    },
  };
}

const schema: JsonSchema = { type: 'object', properties: { a: { type: 'string' } } };
const answerSchema: JsonSchema = { type: ['object', 'null'], properties: { a: { type: ['string', 'null'] } } };

describe('prepareValidatorSoon', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('makes and prepares nothing before the delay, then each schema once, in the order given, one after another', async () => {
    const validator = recordingValidator();
    let made = 0;
    prepareValidatorSoon(validator, () => (made++, [answerSchema, schema]), 50);
    vi.advanceTimersByTime(49);
    expect(made).toBe(0);
    vi.advanceTimersByTime(1);
    // The second waits for the first's preparation and a turn of the event loop.
    expect(validator.prepared).toEqual([answerSchema]);
    await vi.waitUntil(() => validator.prepared.length === 2);
    expect(validator.prepared).toEqual([answerSchema, schema]);
    vi.runAllTimers();
    expect(made).toBe(1);
  });

  it('stopped after the delay, prepares no more schemas', async () => {
    const validator = recordingValidator();
    const stop = prepareValidatorSoon(validator, () => [answerSchema, schema], 0);
    vi.advanceTimersByTime(0);
    expect(validator.prepared).toEqual([answerSchema]);
    stop();
    await Promise.all(validator.preparations);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(validator.prepared).toEqual([answerSchema]);
  });

  it('stopped before the delay, prepares (and makes) nothing', () => {
    const validator = recordingValidator();
    let made = 0;
    const stop = prepareValidatorSoon(validator, () => (made++, [schema]), 50);
    vi.advanceTimersByTime(49);
    stop();
    vi.runAllTimers();
    expect(made).toBe(0);
    expect(validator.prepared).toEqual([]);
  });

  it('a schema that cannot be compiled is left to fail where it is used, not in the timer', async () => {
    const validator = recordingValidator();
    const broken: JsonSchema = { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } };
    prepareValidatorSoon(validator, () => [broken, schema], 0);
    expect(() => vi.runAllTimers()).not.toThrow();
    await vi.waitUntil(() => validator.prepared.length === 2);
    expect(validator.prepared).toEqual([broken, schema]);
    await Promise.all(validator.preparations);
    expect(() => validator.validate(broken, { a: 1 })).toThrow(/can't resolve reference/);
    expect(validator.validate(schema, { a: 1 })).toEqual(['/a: must be string']);
  });
  it('schemas that cannot be made, or a compiler that rejects, end no process and leave nothing preparing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const unmade = recordingValidator();
      prepareValidatorSoon(unmade, () => { throw new Error('no schemas'); }, 0);
      vi.runAllTimers();
      const threadCompiler = rejectingCompiler();
      const validator = createValueValidator({ threadCompiler, minThreadChars: 0 });
      prepareValidatorSoon(validator, () => [schema, answerSchema], 0);
      vi.runAllTimers();
      await vi.waitUntil(() => threadCompiler.calls === 2);
      // Unhandled rejections are reported after a turn or two of the event loop.
      for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(unmade.prepared).toEqual([]);
      // Nothing is left preparing: the same schema, prepared again, is sent again.
      await validator.prepare(schema);
      expect(threadCompiler.calls).toBe(3);
      expect(validator.validate(schema, { a: 1 })).toEqual(['/a: must be string']);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
