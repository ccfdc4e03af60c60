import { describe, expect, it, vi } from 'vitest';
import { ModelCallError } from '../../src/models/gemini.ts';
import { callCostUsd } from '../../src/models/prices.ts';
import { ExtractionAborted } from '../../src/pipeline/run-extraction.ts';
import type { CompletedSubtree } from '../../src/pipeline/run-extraction.ts';
import type { ModelProvider, ModelResponse, PipelineEvent, TokenUsage } from '../../src/domain/types.ts';
import { callWithRetries, modelCallOptions, type RetryPolicy } from '../../src/models/call-with-retries.ts';
import { createLimiter } from '../../src/models/limiter.ts';
import { addUsage, ZERO_USAGE } from '../../src/domain/types.ts';
import { planExtraction } from '../../src/pipeline/plan-extraction.ts';
import { baseConfig, CALL_USAGE, fakeProvider, invoiceAnswer, invoiceSchema, layout, linesSchema, run, types } from '../helpers/fake-pipeline.ts';

describe('runExtraction', () => {
  it('emits started, then exactly one result per subtree, and merges them at their pointers', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(events[0]).toEqual({ type: 'JOB_STARTED', totalSubtrees: 2, totalFields: 4, startTime: expect.any(String) });
    expect(types(events).slice(1).sort()).toEqual(['SUBTREE_RESULT ', 'SUBTREE_RESULT /lines']);
    expect(outcome.results).toEqual({
      number: 'INV-7',
      total: 12.5,
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }],
    });
    expect(outcome).toMatchObject({ totalSubtrees: 2, totalFields: 4, numPagesExtracted: 2, failedPaths: [], warnings: [] });
  });

  it('sends each subtree once per section and merges the sections', async () => {
    const provider = fakeProvider(invoiceAnswer);
    // A budget of ~20 tokens puts each page in its own section.
    const { promise } = await run(provider, { sectionTokenBudget: 20 });
    const outcome = await promise;
    expect(provider.calls).toHaveLength(4);
    expect(outcome.results).toEqual({
      number: 'INV-7',
      total: 12.5,
      lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }],
    });
  });

  it('de-duplicates array items that two sections both return', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines'
        ? { value: [{ sku: 'B', qty: 2 }, ...(request.section.pages[0]?.page === 2 ? [{ sku: 'C', qty: 3 }] : [])] }
        : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { promise } = await run(provider, { sectionTokenBudget: 20 });
    expect(((await promise).results as { lines: unknown[] }).lines).toEqual([{ sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }]);
  });

  it('never has more calls in flight than maxNumConcurrentRequests', async () => {
    const properties = Object.fromEntries(
      Array.from({ length: 8 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]),
    );
    const provider = fakeProvider(() => ({ value: [{ a: 'x' }] }));
    const { events, promise } = await run(provider, {
      schema: { type: 'object', properties },
      config: { maxNumConcurrentRequests: 3 },
    });
    await promise;
    expect(provider.calls).toHaveLength(8);
    expect(provider.maxInFlight).toBe(3);
    expect(events.filter((e) => e.type === 'SUBTREE_RESULT')).toHaveLength(8);
  });

  it('asks once more with the problems when an answer breaks the schema, and keeps the repaired answer', async () => {
    const provider = fakeProvider((request) => {
      if (request.subtree.pointer !== '/lines') return { value: { number: 'INV-7', total: 12.5 } };
      return request.repair ? { value: [{ sku: 'A', qty: 1 }] } : { value: [{ sku: 'A', qty: 'one' }] };
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    const repairCall = provider.calls.find((c) => c.repair);
    expect(repairCall?.repair?.previousAnswer).toEqual([{ sku: 'A', qty: 'one' }]);
    expect(repairCall?.repair?.problems).toEqual([{ pointer: '/0/qty', message: expect.stringMatching(/^must be number/), value: 'one' }]);
    expect((outcome.results as { lines: unknown }).lines).toEqual([{ sku: 'A', qty: 1 }]);
    const result = events.find((e) => e.type === 'SUBTREE_RESULT' && e.path === '/lines');
    expect(result?.type === 'SUBTREE_RESULT' && result.usageMetadata.modelCalls).toBe(2);
  });

  it('drops an item whose required field is still missing after the repair, and reports it as a violation', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [{ sku: 'A' }, { sku: 'B', qty: 2 }] } : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { events, promise } = await run(provider);
    const outcome = await promise;
    const result = events.find((e) => e.type === 'SUBTREE_RESULT' && e.path === '/lines');
    expect(result?.type === 'SUBTREE_RESULT' && result.violations).toEqual([
      { path: '/lines/0', message: '/qty is required but missing', rejectedValue: { sku: 'A' } },
    ]);
    expect(provider.calls.filter((c) => c.subtree.pointer === '/lines')).toHaveLength(2);
    expect(outcome.failedPaths).toEqual([]);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'B', qty: 2 }] });
    expect(outcome.warnings).toContainEqual(expect.stringMatching(/^\/lines\/0: dropped \{"sku":"A"\}/));
  });

  it('fails the subtree with SCHEMA_VIOLATION when nothing of the repaired answer fits the schema', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: 'see attached' } : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { events, promise } = await run(provider);
    const outcome = await promise;
    const error = events.find((e) => e.type === 'SUBTREE_ERROR');
    expect(error).toMatchObject({ type: 'SUBTREE_ERROR', path: '/lines', errorType: 'SCHEMA_VIOLATION' });
    expect(error?.type === 'SUBTREE_ERROR' && error.errorMessage).toMatch(/must be array/);
    // Answer and repair, in the first round and again in the second.
    expect(provider.calls.filter((c) => c.subtree.pointer === '/lines')).toHaveLength(4);
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toHaveLength(1);
    expect(outcome.failedPaths).toEqual(['/lines']);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: null });
    expect(outcome.warnings).toContainEqual(expect.stringMatching(/^\/lines: SCHEMA_VIOLATION: /));
  });

  it('accepts null from a section for a field that page does not hold, without a repair', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [] } : { value: { code: request.section.pages[0]?.page === 1 ? 'X1' : null } },
    );
    const { promise } = await run(provider, {
      schema: { type: 'object', properties: { code: { type: 'string' }, lines: linesSchema } },
      sectionTokenBudget: 20,
    });
    const outcome = await promise;
    expect(provider.calls.some((c) => c.repair)).toBe(false);
    expect(outcome.results).toEqual({ code: 'X1', lines: [] });
    expect(outcome.warnings).toEqual([]);
  });

  it('warns when the merged result breaks the schema, but not for absent optional fields', async () => {
    const provider = fakeProvider(() => ({ value: { id: null, note: null } }));
    const { promise } = await run(provider, {
      schema: { type: 'object', properties: { id: { type: 'string' }, note: { type: 'string' } }, required: ['id'] },
    });
    const outcome = await promise;
    expect(outcome.results).toEqual({ id: null, note: null });
    expect(outcome.warnings).toEqual([expect.stringMatching(/^result: \/id/)]);
  });

  it('does not validate answers when validateResponseSchema is off', async () => {
    const provider = fakeProvider((request) =>
      request.subtree.pointer === '/lines' ? { value: [{ sku: 'A' }] } : { value: { number: 'INV-7', total: 12.5 } },
    );
    const { promise } = await run(provider, { config: { validateResponseSchema: false } });
    const outcome = await promise;
    expect(provider.calls).toHaveLength(2);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'A', qty: null }] });
  });

  it('reports a ModelCallError as one SUBTREE_ERROR of its type, with the usage both rounds consumed', async () => {
    const spent: TokenUsage = { ...ZERO_USAGE, modelCalls: 3 };
    const provider = fakeProvider((request) => {
      if (request.subtree.pointer === '/lines') {
        throw new ModelCallError('quota exhausted', { errorType: 'RATE_LIMITED', usage: spent, attempts: 3 });
      }
      return { value: { number: 'INV-7', total: 12.5 } };
    });
    const { events, promise } = await run(provider);
    const outcome = await promise;
    expect(events.find((e) => e.type === 'SUBTREE_ERROR')).toMatchObject({
      path: '/lines',
      errorType: 'RATE_LIMITED',
      errorMessage: 'quota exhausted',
      usageMetadata: { ...spent, modelCalls: 6 },
      fieldCount: 2,
    });
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toHaveLength(1);
    expect(outcome.usage.modelCalls).toBe(7);
    expect(outcome.failures).toEqual([{ path: '/lines', errorType: 'RATE_LIMITED', message: 'quota exhausted' }]);
    expect(outcome.warnings).toContain('/lines: RATE_LIMITED: quota exhausted');
  });

  it('adds up every call: event usages sum to the outcome usage and cost is priced per call', async () => {
    const provider = fakeProvider((request, call) => ({
      ...invoiceAnswer(request, call),
      usage: { ...CALL_USAGE, promptTokens: 1000 * (call + 1), totalTokens: 1000 * (call + 1) + 60 },
    }));
    const { events, promise } = await run(provider, { sectionTokenBudget: 20 });
    const outcome = await promise;
    const eventUsage = events.reduce((sum, e) => (e.type === 'SUBTREE_RESULT' || e.type === 'SUBTREE_ERROR' ? addUsage(sum, e.usageMetadata) : sum), ZERO_USAGE);
    expect(outcome.usage).toEqual(eventUsage);
    expect(outcome.usage).toEqual({ promptTokens: 10_000, outputTokens: 200, thinkingTokens: 40, totalTokens: 10_240, modelCalls: 4 });
    const expected = [1, 2, 3, 4].reduce((sum, k) => sum + callCostUsd('GEMINI_2_5_FLASH', { promptTokens: 1000 * k, outputTokens: 50, thinkingTokens: 10 })!, 0);
    expect(outcome.costUsd).toBeCloseTo(expected, 12);
  });

  it('stops on abort: in-flight calls are cancelled, nothing new starts, no event follows, and it rejects with ExtractionAborted', async () => {
    const controller = new AbortController();
    const properties = Object.fromEntries(
      Array.from({ length: 4 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]),
    );
    let twoArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (twoArrived = resolve));
    const provider = fakeProvider((request, call) => {
      if (call === 1) twoArrived();
      return new Promise((_, reject) =>
        request.signal.addEventListener('abort', () =>
          reject(new ModelCallError('aborted', { errorType: 'ABORTED', usage: { ...ZERO_USAGE, modelCalls: 1 }, attempts: 1 })),
        ),
      );
    });
    const { events, promise } = await run(provider, {
      schema: { type: 'object', properties },
      config: { maxNumConcurrentRequests: 2 },
      signal: controller.signal,
    });
    await arrived;
    expect(types(events)).toEqual(['JOB_STARTED']);
    controller.abort();
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ExtractionAborted);
    expect((error as ExtractionAborted).usage.modelCalls).toBe(2);
    expect(provider.calls).toHaveLength(2);
    expect(provider.calls.every((c) => c.signal.aborted)).toBe(true);
    expect(types(events)).toEqual(['JOB_STARTED']);
  });

  it('does not ask again for subtrees a previous attempt completed, and emits nothing for them', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const previousUsage: TokenUsage = { ...CALL_USAGE, modelCalls: 1 };
    const completed = new Map<string, CompletedSubtree>([
      ['/lines', { path: '/lines', value: [{ sku: 'Z', qty: 9 }], attributions: null, usage: previousUsage }],
    ]);
    const { events, promise } = await run(provider, { completed });
    const outcome = await promise;
    expect(provider.calls.map((c) => c.subtree.pointer)).toEqual(['']);
    // A resumed job already has its started event.
    expect(types(events)).toEqual(['SUBTREE_RESULT ']);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'Z', qty: 9 }] });
    expect(outcome.usage.modelCalls).toBe(2);
  });

  it('keeps a failure a previous attempt persisted', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const completed = new Map<string, CompletedSubtree>([
      ['/lines', { path: '/lines', value: null, attributions: null, usage: ZERO_USAGE, error: { errorType: 'TIMEOUT', message: 'slow' } }],
    ]);
    const { promise } = await run(provider, { completed });
    const outcome = await promise;
    expect(outcome.failedPaths).toEqual(['/lines']);
    expect(outcome.warnings).toContain('/lines: TIMEOUT: slow');
  });

  it('rejects with the emit error when an event cannot be delivered, and emits nothing after it', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const delivered: PipelineEvent[] = [];
    const { promise } = await run(provider, {
      emit: (event) => {
        if (event.type !== 'JOB_STARTED') throw new Error('database is down');
        delivered.push(event);
      },
    });
    await expect(promise).rejects.toThrow('database is down');
    expect(delivered).toHaveLength(1);
  });

  it('sends no model call before JOB_STARTED is stored, and sends them all once it is', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const stored = Promise.withResolvers<void>();
    const asked = Promise.withResolvers<void>();
    const { events, promise } = await run(provider, {
      emit: async (event) => {
        if (event.type === 'JOB_STARTED') {
          asked.resolve();
          await stored.promise;
        }
        events.push(event);
      },
    });
    await asked.promise;
    // Many loop turns: every subtree has prepared its request and queued for a slot by now.
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(provider.calls).toHaveLength(0);
    stored.resolve();
    const outcome = await promise;
    expect(provider.calls).toHaveLength(2);
    expect(types(events)[0]).toBe('JOB_STARTED');
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }] });
  });

  it('sends no model call at all when JOB_STARTED cannot be stored', async () => {
    const provider = fakeProvider(invoiceAnswer);
    const { promise } = await run(provider, {
      emit: () => {
        throw new Error('database is down');
      },
    });
    await expect(promise).rejects.toThrow('database is down');
    expect(provider.calls).toHaveLength(0);
  });

  it('with one slot, the next call goes out before the answer that freed the slot is validated and emitted', async () => {
    // Like the SDK, which takes dozens of promise turns from a call to its request on the wire.
    const sent: string[] = [];
    const answer = fakeProvider(invoiceAnswer);
    const provider: ModelProvider = {
      id: answer.id,
      async extract(request) {
        for (let i = 0; i < 50; i++) await null;
        sent.push(request.subtree.pointer);
        return answer.extract(request);
      },
    };
    const sentAtEvent: number[] = [];
    const { promise } = await run(provider, {
      config: { maxNumConcurrentRequests: 1 },
      emit: (event) => {
        if (event.type === 'SUBTREE_RESULT') sentAtEvent.push(sent.length);
      },
    });
    await promise;
    // The first subtree's result is emitted after the second subtree's request went out.
    expect(sentAtEvent).toEqual([2, 2]);
  });

  it('delivers events one at a time: emit is awaited before the next one starts', async () => {
    const provider = fakeProvider(invoiceAnswer);
    let emitting = 0;
    let overlapped = false;
    const delivered: string[] = [];
    const { promise } = await run(provider, {
      sectionTokenBudget: 20,
      config: { enableAgenticArrayExtraction: true },
      emit: async (event) => {
        emitting++;
        if (emitting > 1) overlapped = true;
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
        delivered.push(event.type);
        emitting--;
      },
    });
    await promise;
    expect(overlapped).toBe(false);
    expect(delivered[0]).toBe('JOB_STARTED');
    expect(delivered.filter((t) => t === 'SUBTREE_RESULT')).toHaveLength(2);
  });

  it('with holdLastEvent, returns the final event of the subtree that ends last instead of emitting it, after every other event', async () => {
    const { events, promise } = await run(fakeProvider(invoiceAnswer), { holdLastEvent: true });
    const outcome = await promise;
    expect(outcome.heldEvents).toHaveLength(1);
    expect(outcome.heldEvents[0]?.type).toBe('SUBTREE_RESULT');
    // The log the runner stores (emitted, then held) still has JOB_STARTED first and one result per subtree.
    const log = types([...events, ...outcome.heldEvents]);
    expect(log[0]).toBe('JOB_STARTED');
    expect(log.slice(1).sort()).toEqual(['SUBTREE_RESULT ', 'SUBTREE_RESULT /lines']);
    // Without it, nothing is held and every event is emitted.
    const plain = await run(fakeProvider(invoiceAnswer));
    expect((await plain.promise).heldEvents).toEqual([]);
    expect(plain.events.filter((e) => e.type === 'SUBTREE_RESULT')).toHaveLength(2);
  });

  it('with holdLastEvent, holds nothing on abort: the run rejects and the held event is dropped', async () => {
    const controller = new AbortController();
    const provider = fakeProvider(async (request, call) => {
      controller.abort();
      return invoiceAnswer(request, call);
    });
    const { events, promise } = await run(provider, { holdLastEvent: true, signal: controller.signal });
    await expect(promise).rejects.toBeInstanceOf(ExtractionAborted);
    expect(events.filter((e) => e.type !== 'JOB_STARTED')).toEqual([]);
  });
  it('tells onModelDone once, when the last answer is in and before the events still being written are drained', async () => {
    let answered = 0;
    let answeredAtDone: number | null = null;
    let calledAtDone: number | null = null;
    let done = 0;
    let release = () => {};
    const writing = new Promise<void>((resolve) => (release = resolve));
    const provider = fakeProvider(async (request, call) => {
      // The header's answer first breaks the schema once (a repair turn), so the last call is a third one.
      const reply = call === 0 ? { value: { number: 7, total: 'x' } } : invoiceAnswer(request, call);
      answered++;
      return reply;
    });
    const { promise } = await run(provider, {
      holdLastEvent: true,
      // The first subtree's event is still being written when the last answer comes in.
      emit: async (event) => {
        if (event.type === 'SUBTREE_RESULT') await writing;
      },
      onModelDone: () => {
        done++;
        answeredAtDone = answered;
        calledAtDone = provider.calls.length;
        release();
      },
    });
    const outcome = await promise;
    expect(done).toBe(1);
    // Every call had been sent and answered; none went out after.
    expect(calledAtDone).toBe(provider.calls.length);
    expect(answeredAtDone).toBe(provider.calls.length);
    expect(provider.calls.length).toBeGreaterThanOrEqual(3);
    expect(outcome.heldEvents).toHaveLength(1);
  });

  it('merges the result while the events before the last are still being written, not after their write', async () => {
    const plan = planExtraction({ layout, schema: invoiceSchema, config: baseConfig, sectionTokenBudget: 100_000 });
    // Once the last answer is in, only the merge reads the plan's subtrees (to place each value).
    let modelDone = false;
    let mergeStarted = () => {};
    const merging = new Promise<void>((resolve) => (mergeStarted = resolve));
    const watched = {
      ...plan,
      get subtrees() {
        if (modelDone) mergeStarted();
        return plan.subtrees;
      },
    };
    let mergedWhileWriting = false;
    const { promise } = await run(fakeProvider(invoiceAnswer), {
      plan: watched,
      holdLastEvent: true,
      onModelDone: () => {
        modelDone = true;
      },
      // The first subtree's result is written slowly: it is still being written when the last
      // answer comes in, and its write ends once the merge has begun (or after a bound, if it never does).
      emit: async (event) => {
        if (event.type !== 'SUBTREE_RESULT') return;
        const bound = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
        mergedWhileWriting = await Promise.race([merging.then(() => true), bound]);
      },
    });
    const outcome = await promise;
    expect(mergedWhileWriting).toBe(true);
    expect(outcome.heldEvents).toHaveLength(1);
    expect(outcome.results).toEqual({ number: 'INV-7', total: 12.5, lines: [{ sku: 'A', qty: 1 }, { sku: 'B', qty: 2 }, { sku: 'C', qty: 3 }] });
  });

  it('lets what onModelDone starts go out before it merges the result (a chain of awaits, as pg-boss\'s fetch is)', async () => {
    const plan = planExtraction({ layout, schema: invoiceSchema, config: baseConfig, sectionTokenBudget: 100_000 });
    const order: string[] = [];
    let modelDone = false;
    const watched = {
      ...plan,
      // Once the last answer is in, only the merge reads the plan's subtrees (to place each value).
      get subtrees() {
        if (modelDone && !order.includes('merge')) order.push('merge');
        return plan.subtrees;
      },
    };
    const { promise } = await run(fakeProvider(invoiceAnswer), {
      plan: watched,
      holdLastEvent: true,
      onModelDone: () => {
        modelDone = true;
        // The hand-over's work reaches its socket only after some awaits of its own.
        void (async () => {
          for (let i = 0; i < 20; i++) await Promise.resolve();
          order.push('sent');
        })();
      },
    });
    await promise;
    expect(order).toEqual(['sent', 'merge']);
  });

  it('logs an onModelDone that throws and still completes the last subtree', async () => {
    const warnings: string[] = [];
    const { events, promise } = await run(fakeProvider(invoiceAnswer), {
      holdLastEvent: true,
      onModelDone: () => {
        throw new Error('hand-over broke');
      },
      logger: { warn: (obj, msg) => warnings.push(`${msg}: ${String((obj as { err?: Error }).err?.message)}`) },
    });
    const outcome = await promise;
    expect(outcome.failedPaths).toEqual([]);
    expect(outcome.heldEvents.map((e) => e.type)).toEqual(['SUBTREE_RESULT']);
    expect(events.filter((e) => e.type === 'SUBTREE_ERROR')).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('hand-over broke')]);
  });

  it('runs whileWaiting once, while the first model calls wait on their answers (once the first call holds its slots, not on its way)', async () => {
    let waited = 0;
    let callsThen = -1;
    let ran = () => {};
    const hasRun = new Promise<void>((resolve) => (ran = resolve));
    // Each answer waits until whileWaiting has run (or 5 s, when it never runs while they wait).
    const provider = fakeProvider(async (request, call) => {
      await Promise.race([hasRun, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      return invoiceAnswer(request, call);
    });
    const { promise } = await run(provider, {
      whileWaiting: () => {
        waited++;
        callsThen = provider.calls.length;
        ran();
      },
    });
    await promise;
    expect(waited).toBe(1);
    expect(callsThen).toBeGreaterThanOrEqual(1);
  });

  it('runs whileWaiting only once the first request holds all its slots, however long it takes to build and to get them', async () => {
    // Timers held still, so that "long past the delay" is a step of the test, not a wait.
    await withTimersHeld(async () => {
      let waited = 0;
      let ran = () => {};
      const hasRun = new Promise<void>((resolve) => (ran = resolve));
      const slow = slowToSend(hasRun);
      const { promise } = await run(slow.provider, {
        whileWaiting: () => {
          waited++;
          ran();
        },
      });
      await slow.steps(() => waited);
      await promise;
      expect(waited).toBe(1);
    });
  });

  it('prepares the validators only once the first request holds all its slots, however long it takes to build and to get them', async () => {
    await withTimersHeld(async () => {
      const plan = planExtraction({ layout, schema: invoiceSchema, config: baseConfig, sectionTokenBudget: 100_000 });
      // The schemas to prepare are asked for in the step that makes the first validator.prepare
      // call, and otherwise only once the answers are in (to merge and check the result).
      let asked = 0;
      let prepared = () => {};
      const preparing = new Promise<void>((resolve) => (prepared = resolve));
      const watched = {
        ...plan,
        get resultSchema() {
          asked++;
          prepared();
          return plan.resultSchema;
        },
      };
      const slow = slowToSend(preparing);
      const { promise } = await run(slow.provider, { plan: watched });
      await slow.steps(() => asked);
      await promise;
    });
  });

  it('does not run whileWaiting for a run that ended before it was due, nor after the run', async () => {
    // Timers held still: the run ends before its whileWaiting is due however slow the machine is,
    // and its due time is then passed at will.
    await withTimersHeld(async () => {
      let waited = 0;
      const { promise } = await run(fakeProvider(invoiceAnswer), { whileWaiting: () => waited++ });
      await promise;
      // Past the delay it would have had: the run's end took it back.
      vi.advanceTimersByTime(10_000);
      expect(waited).toBe(0);
    });
  });

  it('arms nothing for a call that tells of its slots only after the run ended', async () => {
    await withTimersHeld(async () => {
      let waited = 0;
      const late: Array<() => void> = [];
      // Answers without telling of its slots, and keeps the hook for after the run.
      const inner = fakeProvider(invoiceAnswer);
      const provider: ModelProvider = {
        id: inner.id,
        limitsOwnCalls: true,
        extract(request) {
          if (request.onSlotsHeld) late.push(request.onSlotsHeld);
          return inner.extract(request);
        },
      };
      const { promise } = await run(provider, { whileWaiting: () => waited++ });
      await promise;
      for (const tell of late) tell();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(late.length).toBeGreaterThan(0);
      expect(waited).toBe(0);
    });
  });

  it("sends the first wave's requests before the other subtrees build theirs", async () => {
    // Five lists at two slots.
    const properties = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]));
    const { log, provider } = buildThenSend('x');
    const { promise } = await run(provider, { schema: { type: 'object', properties }, config: { maxNumConcurrentRequests: 2 } });
    await promise;
    expect(log.slice(0, 4)).toEqual(['build /list0', 'build /list1', 'send /list0', 'send /list1']);
    // The others were built after, and sent in plan order as slots came free.
    expect(log.filter((l) => l.startsWith('send'))).toEqual([0, 1, 2, 3, 4].map((i) => `send /list${i}`));
  });

  it('begins a resumed run with as many subtrees that still call the model as it has slots', async () => {
    const properties = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`list${i}`, { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } }]));
    const schema = { type: 'object', properties };
    const first = await run(fakeProvider(() => ({ value: [{ a: 'x' }] })), { schema });
    await first.promise;
    // The first two were finished by an earlier attempt: the wave is the next two, the last one waits.
    const previous = new Map<string, CompletedSubtree>();
    for (const event of first.events) {
      if (event.type === 'SUBTREE_RESULT' && (event.path === '/list0' || event.path === '/list1')) {
        previous.set(event.path, { path: event.path, value: event.extractedResult, attributions: null, usage: event.usageMetadata });
      }
    }
    const { log, provider } = buildThenSend('y');
    const { promise } = await run(provider, { schema, completed: previous, config: { maxNumConcurrentRequests: 2 } });
    const outcome = await promise;
    expect(log).toEqual(['build /list2', 'build /list3', 'send /list2', 'send /list3', 'build /list4', 'send /list4']);
    expect(outcome.results).toEqual({ list0: [{ a: 'x' }], list1: [{ a: 'x' }], list2: [{ a: 'y' }], list3: [{ a: 'y' }], list4: [{ a: 'y' }] });
  });

  it('does not call onModelDone when every subtree was completed by an earlier attempt', async () => {
    const first = await run(fakeProvider(invoiceAnswer));
    await first.promise;
    const previous = new Map<string, CompletedSubtree>();
    for (const event of first.events) {
      if (event.type === 'SUBTREE_RESULT') previous.set(event.path, { path: event.path, value: event.extractedResult, attributions: null, usage: event.usageMetadata });
    }
    let done = 0;
    const provider = fakeProvider(invoiceAnswer);
    await (await run(provider, { completed: previous, onModelDone: () => done++ })).promise;
    expect(provider.calls).toHaveLength(0);
    expect(done).toBe(0);
  });
});

/**
 * A provider whose request is built when extract is called and sent once it holds its job slot,
 * as gemini.ts does (it takes its slots in its fetch, after the SDK built the body): `log` says
 * which subtree did which, in order. Every list item it answers is `{ a }`.
 */
function buildThenSend(a: string): { log: string[]; provider: ModelProvider } {
  const log: string[] = [];
  const inner = fakeProvider(() => ({ value: [{ a }] }));
  const provider: ModelProvider = {
    id: inner.id,
    limitsOwnCalls: true,
    async extract(request) {
      log.push(`build ${request.subtree.pointer}`);
      const release = await request.jobLimiter!.acquire(request.signal);
      log.push(`send ${request.subtree.pointer}`);
      try {
        return await inner.extract(request);
      } finally {
        release();
      }
    },
  };
  return { log, provider };
}

/** Runs body with setTimeout and clearTimeout held still (vitest's fake timers), the real ones back after it. */
async function withTimersHeld(body: () => Promise<void>): Promise<void> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  try {
    await body();
  } finally {
    vi.useRealTimers();
  }
}

/**
 * A provider that takes its slots as gemini.ts does (callWithRetries with takeSlotsWhenReady: the
 * job's slot, then the process's, once its request is built), whose requests take until the test
 * says to be built and whose process limiter's one slot is held by the test meanwhile. Its answers
 * wait for `answerWhen`. `steps` walks a run through it with timers held still, checking that
 * `done()` (a count of what the run does once its first request holds all its slots) is 0 until
 * then, and not after.
 */
function slowToSend(answerWhen: Promise<void>) {
  const processLimiter = createLimiter(1);
  const processHeld = processLimiter.acquire();
  let build = () => {};
  const building = new Promise<void>((resolve) => (build = resolve));
  let handedOver = 0;
  const inner = fakeProvider(async (request, call) => {
    await answerWhen;
    return invoiceAnswer(request, call);
  });
  const policy: RetryPolicy = { windowMs: 60_000, maxRetries: 0, baseDelayMs: 1, maxDelayMs: 2, maxServerDelayMs: 1_000, random: () => 0.5 };
  const provider: ModelProvider = {
    id: inner.id,
    limitsOwnCalls: true,
    async extract(request) {
      handedOver++;
      const outcome = await callWithRetries<ModelResponse, { kind: string }>({
        attempt: async (_index, _answered, take) => {
          await building;
          await take();
          return { ok: true, value: await inner.extract(request) };
        },
        traits: () => ({ retry: 'never', rateLimited: false }),
        takeSlotsWhenReady: true,
        ...modelCallOptions(request, processLimiter, policy),
      });
      if (!outcome.ok) throw new Error(`the call ended ${outcome.gaveUp}`);
      return outcome.value;
    },
  };
  const steps = async (done: () => number): Promise<void> => {
    await vi.waitUntil(() => handedOver > 0);
    // Long past the delay counted from the calls handed to the provider: no request has gone out yet.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done()).toBe(0);
    build();
    // Built, the job's slot taken, waiting for the process's (held here): still not sent.
    await vi.waitUntil(() => processLimiter.waiting > 0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done()).toBe(0);
    (await processHeld)();
    await vi.waitUntil(() => inner.calls.length > 0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(done()).toBeGreaterThan(0);
  };
  return { provider, steps };
}
