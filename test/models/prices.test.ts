import { describe, expect, it } from 'vitest';
import { MODEL_PRICES, callCostUsd, costUsd } from '../../src/models/prices.ts';

describe('model call costs', () => {
  it('a 2.5 Flash call costs prompt at $0.30/M and output plus thinking at $2.50/M', () => {
    const cost = callCostUsd('GEMINI_2_5_FLASH', { promptTokens: 1_000_000, outputTokens: 100_000, thinkingTokens: 100_000 });
    expect(cost).toBeCloseTo(0.3 + 0.5, 10);
  });

  it('a 2.5 Pro call with a prompt of at most 200k tokens uses the standard tier', () => {
    const cost = callCostUsd('GEMINI_2_5_PRO', { promptTokens: 200_000, outputTokens: 10_000, thinkingTokens: 0 });
    expect(cost).toBeCloseTo(0.2 * 1.25 + 0.01 * 10, 10);
  });

  it('a 2.5 Pro call with a longer prompt uses the higher tier for input and output', () => {
    const cost = callCostUsd('GEMINI_2_5_PRO', { promptTokens: 200_001, outputTokens: 10_000, thinkingTokens: 10_000 });
    expect(cost).toBeCloseTo(0.200001 * 2.5 + 0.02 * 15, 10);
  });

  it('the tier is chosen per call, not from the calls added up', () => {
    const call = { promptTokens: 150_000, outputTokens: 1_000, thinkingTokens: 0 };
    const perCall = costUsd('GEMINI_2_5_PRO', [call, call]);
    expect(perCall).toBeCloseTo(2 * callCostUsd('GEMINI_2_5_PRO', call)!, 12);
    const aggregate = costUsd('GEMINI_2_5_PRO', {
      promptTokens: 300_000,
      outputTokens: 2_000,
      thinkingTokens: 0,
      totalTokens: 302_000,
      modelCalls: 2,
    });
    expect(aggregate).toBeCloseTo(perCall!, 12);
  });

  it('the local model costs nothing', () => {
    expect(callCostUsd('LOCAL', { promptTokens: 5_000_000, outputTokens: 5_000, thinkingTokens: 0 })).toBe(0);
  });

  it('a model id with no published price costs null, never a guess', () => {
    expect(callCostUsd('gemini-9-ultra-experimental', { promptTokens: 1000, outputTokens: 10, thinkingTokens: 0 })).toBeNull();
  });

  it('GEMINI models are priced by their model id, the enum models by the id they stand for', () => {
    const call = { promptTokens: 1_000_000, outputTokens: 0, thinkingTokens: 0 };
    expect(callCostUsd('gemini-2.5-flash', call)).toBe(callCostUsd('GEMINI_2_5_FLASH', call));
    expect(callCostUsd('gemini-3.6-flash', call)).toBeCloseTo(0.75, 10);
  });

  it('every price names its source', () => {
    for (const price of Object.values(MODEL_PRICES)) expect(price.source.length).toBeGreaterThan(10);
  });
});
