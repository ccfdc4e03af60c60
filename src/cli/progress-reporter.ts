import type { JobEventJson } from './job-events.ts';
import { applyEvent, describeEvent, initialProgress, renderProgressLine, type ProgressState } from './progress.ts';

/** The part of a stream the reporters use; process.stderr fits, so do test doubles. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressReporter {
  onEvent(event: JobEventJson): void;
  /** Leaves the terminal on a fresh line. */
  finish(): void;
}

const REDRAW_MS = 250;

/**
 * On a terminal: one progress line redrawn in place (and every second, so the clock moves).
 * Anywhere else: one plain line per event, so logs and CI output stay readable.
 */
export function createProgressReporter(stream: OutputStream, now: () => number = Date.now): ProgressReporter {
  let state: ProgressState = initialProgress();
  const started = now();
  if (!stream.isTTY) {
    return {
      onEvent(event) {
        state = applyEvent(state, event);
        stream.write(`${describeEvent(event, state)}\n`);
      },
      finish() {},
    };
  }
  let lastDraw = 0;
  const draw = () => {
    lastDraw = now();
    stream.write(`\r\x1b[2K${renderProgressLine(state, { columns: stream.columns || 100, elapsedMs: lastDraw - started })}`);
  };
  const timer = setInterval(draw, 1000);
  timer.unref();
  draw();
  return {
    onEvent(event) {
      state = applyEvent(state, event);
      if (event.__typename === 'JobStatusEvent' || now() - lastDraw >= REDRAW_MS) draw();
    },
    finish() {
      clearInterval(timer);
      draw();
      stream.write('\n');
    },
  };
}
