/**
 * How many of a job's sections may hold the pages they send as PDF at once: a place is taken
 * before a section's cut is asked and given back once every answer that sends it (its call and,
 * when the answer breaks the schema, its repair, with the same cut) has settled, the answers of
 * all the subtrees that share the section (section-cuts.ts), or once all that waited have left.
 *
 * Why: a job asks for a section's cut as that section prepares its request, and a PER_PAGE job
 * on a long scan prepares every section at once, while its model-call limit lets only a few be
 * sent. Without places, every page's cut was made at the start and held until its call, so the
 * job's memory grew with its pages (500 pages of a 98 MB scan: about 100 MB of cuts, plus their
 * base64 text). With them it holds the cuts of the calls in flight and a few ahead.
 *
 * Places are handed out in batches once `refill` of them are free (or every waiter fits): each
 * batch of cuts is asked at once and so made from one parse of the document
 * (worker/cut-pages-cache.ts), instead of one parse per call as calls come back one by one.
 * Waiters are served first come, first served, so sections are cut in the order they asked (the
 * order in which they will queue for a model slot). A place held while its cut is made and its call
 * waits for a slot is what lets a cut be ready before the slot frees: places are more than the
 * job's model-call limit by the cuts kept ahead.
 *
 * No deadlock: a place is given back when the answers sending its cut settle, which wait only for
 * a model slot, and a holder never waits for a second place: a repair sends the cut it holds, and
 * a further turn of an array on the same section asks again only after its answer gave it back.
 */
export interface CutWindow {
  /**
   * Waits for a place and returns its release (idempotent). Rejects with the signal's reason if
   * the signal aborts first, and then holds nothing.
   */
  enter(signal: AbortSignal): Promise<() => void>;
}

export interface CutWindowOptions {
  /** Places in all: the job's model-call limit plus the cuts kept ahead of its calls. */
  places: number;
  /** Free places that start a batch while more sections wait than that. */
  refill: number;
}

interface Waiter {
  signal: AbortSignal;
  grant(release: () => void): void;
}

export function createCutWindow({ places, refill }: CutWindowOptions): CutWindow {
  let held = 0;
  const queue: Waiter[] = [];

  function releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      held--;
      drain();
    };
  }

  /** Grants a batch: nothing until `refill` places are free or every waiter fits, then all it can. */
  function drain(): void {
    if (places - held < Math.min(refill, queue.length)) return;
    while (queue.length > 0 && held < places) {
      const waiter = queue.shift()!;
      // Aborted, its listener not run yet: when a subtree fails, its waiters' listeners run one
      // by one, each draining, and those behind would otherwise be granted a place no one wants.
      if (waiter.signal.aborted) continue;
      held++;
      waiter.grant(releaser());
    }
  }

  return {
    enter(signal) {
      if (signal.aborted) return Promise.reject(signal.reason);
      if (queue.length === 0 && held < places) {
        held++;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
          // The waiters behind it may now fit; looked at once the aborts of this step have run,
          // so that waiters leaving together (a failed subtree's) do not grant each other places.
          queueMicrotask(drain);
        };
        const waiter: Waiter = {
          signal,
          grant(release) {
            signal.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        queue.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
