/**
 * Loop turns handed out one at a time: each waiter resumes in an event-loop turn of its own, so
 * the event loop polls for I/O between any two of them.
 *
 * Why: answers to a wave of model calls arrive together, and each is parsed, validated and written
 * after it gave back its slot. Resumed together (a plain setImmediate each), every answer's work
 * runs back to back in one check phase, and an answer that arrives meanwhile is not even read, nor
 * its slot given back for the next call, until all of it is done (~60 ms at C = 20 on a loaded
 * machine). One waiter per turn puts each answer that is in ahead of the next one's parsing.
 *
 * Waiters resume in the order they asked.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

function resumeOne(): void {
  waiting.shift()?.();
  // Queued now, it runs in the next loop iteration, after that iteration's poll for I/O.
  if (waiting.length > 0) setImmediate(resumeOne);
  else scheduled = false;
}

export function turnOfItsOwn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(resumeOne);
    }
  });
}
