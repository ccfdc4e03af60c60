import { describe, expect, it } from 'vitest';
import type { JobEventJson } from '../../src/cli/job-events.ts';
import { createProgressReporter } from '../../src/cli/progress-reporter.ts';
import { applyEvent, initialProgress, renderProgressLine } from '../../src/cli/progress.ts';

const base = { jobId: 'j', at: '2025-01-01T00:00:00Z' };
const progress = { completionPercentage: 50, currentStep: 'extracting', fieldsProcessed: 2, totalFields: 4, subtreesCompleted: 1, totalSubtrees: 2 };
const EVENTS: JobEventJson[] = [
  { ...base, seq: 1, __typename: 'JobStatusEvent', status: 'PROCESSING', errorMessage: null, progress: { ...progress, subtreesCompleted: 0 } },
  { ...base, seq: 2, __typename: 'JobStartedEvent', totalSubtrees: 2, startTime: base.at },
  {
    ...base,
    seq: 3,
    __typename: 'SubtreeResultEvent',
    path: '/line_items',
    extractedResult: [],
    attributions: null,
    usageMetadata: { promptTokens: 1000, outputTokens: 234, thinkingTokens: 0, totalTokens: 1234, modelCalls: 1 },
  },
];

describe('CLI progress', () => {
  it('the bar shows subtrees done of total, the current step and the tokens so far', () => {
    const state = EVENTS.reduce(applyEvent, initialProgress());
    const line = renderProgressLine(state, { columns: 200, elapsedMs: 65_000 });
    expect(line).toContain('[############------------]');
    expect(line).toContain('1/2 subtrees');
    expect(line).toContain('1,234 tokens');
    expect(line).toContain('1:05');
    expect(line).toContain('extracted /line_items');
  });

  it('the line never exceeds the terminal width', () => {
    const state = EVENTS.reduce(applyEvent, initialProgress());
    expect(renderProgressLine(state, { columns: 40, elapsedMs: 0 }).length).toBeLessThanOrEqual(39);
  });

  it('on a terminal the line is redrawn in place; elsewhere each event is a plain line', () => {
    const tty: string[] = [];
    const onTerminal = createProgressReporter({ isTTY: true, columns: 120, write: (t: string) => tty.push(t) });
    EVENTS.forEach((e) => onTerminal.onEvent(e));
    onTerminal.finish();
    expect(tty.slice(0, -1).every((chunk) => chunk.startsWith('\r\x1b[2K'))).toBe(true);
    expect(tty.at(-1)).toBe('\n');

    const piped: string[] = [];
    const inPipe = createProgressReporter({ isTTY: false, write: (t: string) => piped.push(t) });
    EVENTS.forEach((e) => inPipe.onEvent(e));
    inPipe.finish();
    expect(piped).toEqual([
      '#1 PROCESSING (50%, extracting)\n',
      '#2 started: 2 subtrees\n',
      '#3 extracted /line_items (1/2 subtrees, 1,234 tokens)\n',
    ]);
  });
});
