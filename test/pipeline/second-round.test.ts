import { describe, expect, it } from 'vitest';
import { ModelCallError } from '../../src/models/gemini.ts';
import { describeFailures } from '../../src/pipeline/failure-summary.ts';
import { ZERO_USAGE } from '../../src/domain/types.ts';
import { fakeProvider, invoiceAnswer, run, types } from '../helpers/fake-pipeline.ts';

const rateLimited = () => new ModelCallError('quota exhausted', { errorType: 'RATE_LIMITED', usage: { ...ZERO_USAGE, modelCalls: 1 }, attempts: 1 });

describe('a failed subtree gets a second round', () => {
  it('after every other subtree finished its first, and then emits only its result', async () => {
    const order: string[] = [];
    let linesCalls = 0;
    const provider = fakeProvider(async (request) => {
      order.push(request.subtree.pointer || '/');
      if (request.subtree.pointer === '/lines' && linesCalls++ === 0) throw rateLimited();
      return invoiceAnswer(request, 0);
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(types(events).slice(1).sort()).toEqual(['SUBTREE_RESULT ', 'SUBTREE_RESULT /lines']);
    expect(order.at(-1)).toBe('/lines');
    expect(order.indexOf('/')).toBeLessThan(order.lastIndexOf('/lines'));
    expect(outcome.failedPaths).toEqual([]);
    const lines = events.find((e) => e.type === 'SUBTREE_RESULT' && e.path === '/lines');
    // Both rounds' calls are counted on the one event.
    expect(lines?.type === 'SUBTREE_RESULT' && lines.usageMetadata.modelCalls).toBe(2);
  });

  it('a subtree that fails both rounds is listed in failedPaths and failures, with one SUBTREE_ERROR', async () => {
    const provider = fakeProvider(async (request) => {
      if (request.subtree.pointer === '/lines') throw rateLimited();
      return invoiceAnswer(request, 0);
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toHaveLength(1);
    expect(provider.calls.filter((c) => c.subtree.pointer === '/lines')).toHaveLength(2);
    expect(outcome.failedPaths).toEqual(['/lines']);
    expect(outcome.failures).toEqual([{ path: '/lines', errorType: 'RATE_LIMITED', message: 'quota exhausted' }]);
  });

  it('a cancelled job does not start a second round', async () => {
    const controller = new AbortController();
    const provider = fakeProvider(async (request) => {
      if (request.subtree.pointer === '/lines') {
        controller.abort();
        throw rateLimited();
      }
      return invoiceAnswer(request, 0);
    });
    const { promise } = await run(provider, { signal: controller.signal });
    await expect(promise).rejects.toThrow('extraction aborted');
    expect(provider.calls.filter((c) => c.subtree.pointer === '/lines')).toHaveLength(1);
  });
});

describe('describeFailures', () => {
  it('says how many of how many field groups failed, grouping paths by reason, once', () => {
    const message = describeFailures(
      [
        { path: '/a', errorType: 'RATE_LIMITED' },
        { path: '/b', errorType: 'RATE_LIMITED' },
        { path: '', errorType: 'TIMEOUT' },
      ],
      10,
    );
    expect(message).toBe('3 of 10 field groups failed: /a, /b (rate limited); / (the model did not answer in time)');
  });

  it('names the cause once per reason, without the attempt counts that differ between field groups', () => {
    const message = describeFailures(
      [
        { path: '/a', errorType: 'MODEL_ERROR', message: 'm: no model server at http://10.0.0.9/v1 (connection refused) (after 1 attempt)' },
        { path: '/b', errorType: 'MODEL_ERROR', message: 'm: no model server at http://10.0.0.9/v1 (connection refused) (after 3 attempts over 180 s)' },
      ],
      2,
    );
    expect(message).toBe('2 of 2 field groups failed: /a, /b (model error: m: no model server at http://10.0.0.9/v1 (connection refused))');
  });

  it('is null when nothing failed, and counts the paths it does not list', () => {
    expect(describeFailures([], 4)).toBeNull();
    const many = Array.from({ length: 13 }, (_, i) => ({ path: `/f${i}`, errorType: 'MODEL_ERROR' as const }));
    expect(describeFailures(many, 13)).toMatch(/^13 of 13 field groups failed: \/f0, .*\/f9 and 3 more \(model error\)$/);
  });
});
