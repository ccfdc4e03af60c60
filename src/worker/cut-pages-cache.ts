/**
 * Pages of a document cut out as a PDF (the pages a plan sends as PDF), kept by the worker
 * process across jobs: every job on a document sends the same pages for the same plan, and
 * cutting them means reading the whole upload from Postgres and parsing it with pdf-lib, several
 * ms for a page and far more for a long document, on each job.
 *
 * Safe to share: a document's bytes never change once uploaded (its id is never reused), and the
 * cut of the same pages is the same bytes. Bounded by count and size, least recently used out;
 * a cut being made is shared by the jobs that ask for it meanwhile. A failed cut is not kept.
 *
 * Cutting is bounded too. Each parse holds a copy of every stream of the document (about twice
 * its size), and a plan may ask for one cut per page at once (PER_PAGE with documentInput PDF):
 * 20 cuts of a 39 MB document at once took 800 MB, 500 would kill the worker. So one document is
 * open for cutting at a time in the process (pdf-lib works on the main thread: a second one would
 * not be faster), and the cuts of a document that wait together are all made from one parse of it.
 * Documents take their turn first come, first served, so the first section asked is cut first.
 * A turn takes the cuts of its document asked until its parse is ready, not those asked while it
 * cuts: those wait for the document's next turn, behind the documents already waiting, so a
 * document asked for again and again cannot keep another waiting (a job asks for its cuts a few
 * at a time as its calls go out, pipeline/cut-window.ts, and they would otherwise join its turn
 * for as long as the job runs). When no other document waits, the next turn goes on with the
 * same parse.
 *
 * A document's parse (or its in-thread cutter) is kept between its turns while a job that runs on
 * it holds it (holdParse): a job asks for its cuts a batch at a time as its calls come back
 * (pipeline/cut-window.ts), every ~8 × model latency ÷ concurrency, seconds to tens of seconds
 * apart, and parsing a 100 MB scan again for each batch took 0.3–1 s of main-thread CPU and
 * ~200 MB of churn every time (a timer shorter than the gap kept nothing). It is dropped as soon
 * as another document's turn takes the slot, so one document is still open at a time, or when its
 * last holder lets go: it holds a copy of the document's streams.
 */
import { createBoundedLru } from '../bounded-lru.ts';
import { createLimiter, type Limiter } from '../models/limiter.ts';
import { openForCutting, type PageCutter } from '../pdf/extract-pages.ts';

const MAX_ENTRIES = 64;
/**
 * Small on purpose: a cut that is sent also has its base64 text kept for a while
 * (gemini-prompt.ts keeps the most recent cuts' text, up to its own 8 MB), and a cut of more than
 * a quarter of this is not kept: the long documents whose cuts are large are the ones the
 * worker's memory bound is about.
 */
const MAX_BYTES = 8 * 1024 * 1024;
export interface CutPagesCacheOptions {
  /** Parses the document; injectable so that a test can watch the parses. */
  open?: (bytes: Uint8Array) => Promise<PageCutter>;
  /** Documents open for cutting at once. */
  slots?: number;
}

export interface CutPagesCache {
  /** The cut of `pages`, when this process has it. */
  keptPages(documentId: string, pages: readonly number[]): Uint8Array | undefined;
  /**
   * The cut of `pages` of the document, made from `content()` (its bytes) when not kept. Rejects
   * with the signal's reason once it aborts: a cut no one waits for any more leaves the queue if
   * it has not started, is not made if its document is still being read or opened, and a drawing
   * in a thread (a document pdf-lib cannot open) is withdrawn, its thread ended and its reading
   * slot freed.
   */
  cutPages(documentId: string, pages: number[], content: () => Promise<Uint8Array>, signal?: AbortSignal): Promise<Uint8Array>;
  /**
   * Keeps the document's last parse between its turns until the returned release (idempotent) is
   * called: a job holds its document for as long as it may ask for cuts.
   */
  holdParse(documentId: string): () => void;
}

/** A cut asked for and not made yet: shared by every caller that asks for the same pages meanwhile. */
interface PendingCut {
  pages: number[];
  content: () => Promise<Uint8Array>;
  made: Promise<Uint8Array>;
  resolve(pdf: Uint8Array): void;
  reject(reason: unknown): void;
  /** Callers still waiting for it; at 0, before it has started, it is dropped. */
  wanted: number;
  started: boolean;
  /** Aborted when a drawing in a thread (started, not made yet) is no longer wanted. */
  drawing: AbortController | null;
  /** The turn it waits in (the document's current one may be a later turn by now). */
  turn: DocumentTurn;
}

/**
 * A document's cuts waiting together for the one parse, oldest first. It is the document's entry
 * in `turns` (taking in new cuts) until its parse is ready; then it cuts what it holds and ends.
 */
interface DocumentTurn {
  cuts: PendingCut[];
  /** Aborts its wait for a slot once every cut in it is unwanted. */
  leave: AbortController;
  cutting: boolean;
}

export function createCutPagesCache({ open = openForCutting, slots = 1 }: CutPagesCacheOptions = {}): CutPagesCache {
  const documentsOpen: Limiter = createLimiter(slots);
  /** Settled cuts, charged by their bytes. */
  const kept = createBoundedLru<string, Uint8Array>({ maxEntries: MAX_ENTRIES, maxCharge: MAX_BYTES });
  const pending = new Map<string, PendingCut>();
  const turns = new Map<string, DocumentTurn>();

  /** The last turn's parse, kept for its document's next turn while held; counts as the one document open. */
  let parked: { documentId: string; source: PageCutter } | undefined;
  /** Per document, the jobs that hold its parse (holdParse). */
  const holders = new Map<string, number>();

  function holdParse(documentId: string): () => void {
    holders.set(documentId, (holders.get(documentId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = holders.get(documentId)! - 1;
      if (left > 0) return void holders.set(documentId, left);
      holders.delete(documentId);
      if (parked?.documentId === documentId) parked = undefined;
    };
  }

  const keyOf = (documentId: string, pages: readonly number[]) => `${documentId}:${pages.join(',')}`;

  function keptPages(documentId: string, pages: readonly number[]): Uint8Array | undefined {
    return kept.get(keyOf(documentId, pages));
  }

  function cutPages(documentId: string, pages: number[], content: () => Promise<Uint8Array>, signal?: AbortSignal): Promise<Uint8Array> {
    const pdf = keptPages(documentId, pages);
    if (pdf) return Promise.resolve(pdf);
    if (signal?.aborted) return Promise.reject(signal.reason);
    const key = keyOf(documentId, pages);
    let cut = pending.get(key);
    if (!cut) {
      cut = ask(documentId, key, pages, content);
      pending.set(key, cut);
    }
    cut.wanted++;
    if (!signal) return cut.made;
    const wanted = cut;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(signal.reason);
        unwanted(documentId, key, wanted);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const done = () => signal.removeEventListener('abort', onAbort);
      wanted.made.then(
        (made) => (done(), resolve(made)),
        (reason: unknown) => (done(), reject(reason)),
      );
    });
  }

  /** Queues a new cut in its document's turn, starting the turn when the document has none waiting. */
  function ask(documentId: string, key: string, pages: number[], content: () => Promise<Uint8Array>): PendingCut {
    let resolve!: (pdf: Uint8Array) => void;
    let reject!: (reason: unknown) => void;
    const made = new Promise<Uint8Array>((res, rej) => ((resolve = res), (reject = rej)));
    const open = turns.get(documentId);
    const turn: DocumentTurn = open ?? { cuts: [], leave: new AbortController(), cutting: false };
    const cut: PendingCut = { pages, content, made, resolve, reject, wanted: 0, started: false, drawing: null, turn };
    turn.cuts.push(cut);
    if (!open) {
      turns.set(documentId, turn);
      void take(documentId, turn);
    }
    // Only its own entry: a withdrawn drawing's key may have been asked for again meanwhile.
    const settled = (): void => {
      if (pending.get(key) === cut) pending.delete(key);
    };
    made.then(
      (pdf) => {
        settled();
        keep(key, pdf);
      },
      settled,
    );
    return cut;
  }

  /**
   * One fewer caller waits for `cut`: when none does, it leaves its turn if it has not started, and
   * a drawing under way is withdrawn (one asking for the same pages later starts a new one).
   */
  function unwanted(documentId: string, key: string, cut: PendingCut): void {
    if (--cut.wanted > 0) return;
    if (cut.drawing) {
      if (pending.get(key) === cut) pending.delete(key);
      cut.drawing.abort(new Error('no job waits for these pages any more'));
      return;
    }
    // Started, its document being read or opened: take() skips it once the open returns.
    if (cut.started) return;
    pending.delete(key);
    const { turn } = cut;
    const index = turn.cuts.indexOf(cut);
    if (index >= 0) turn.cuts.splice(index, 1);
    if (turn.cuts.length === 0 && !turn.cutting) {
      if (turns.get(documentId) === turn) turns.delete(documentId);
      turn.leave.abort();
    }
  }

  /**
   * Waits for a slot, then makes the turn's cuts in order from one parse of the document. Cuts of
   * the document asked once the parse is ready (or failed) start its next turn. The parse is
   * dropped (and the slot freed) once this turn's cuts are made.
   */
  async function take(documentId: string, turn: DocumentTurn): Promise<void> {
    let release: () => void;
    try {
      release = await documentsOpen.acquire(turn.leave.signal);
    } catch {
      return; // Every cut in it went unwanted; unwanted() has removed the turn.
    }
    if (turn.leave.signal.aborted) {
      // Its last cut went unwanted as the slot was granted, too late to reject the wait.
      release();
      return;
    }
    turn.cutting = true;
    // The document's parse kept from its last turn, if any; any other one is dropped before this
    // turn opens its own, so one document is open at a time.
    let source = parked?.documentId === documentId ? parked.source : undefined;
    parked = undefined;
    // Reusing it, the turn takes in no cut asked from now on (as once its own parse is ready).
    if (source && turns.get(documentId) === turn) turns.delete(documentId);
    try {
      for (;;) {
        const cut = turn.cuts.shift() ?? (takeInNext(documentId, turn) && turn.cuts.shift());
        if (!cut) break;
        cut.started = true;
        try {
          // Opened with the first cut's bytes; a cut whose read or parse failed leaves the next to try again.
          source ??= await opened(documentId, turn, cut);
          // Its last job may have been cancelled while the document was read or opened: nothing is
          // cut (nor drawn in a thread) for no one. Its callers have had their rejection.
          if (cut.wanted === 0) {
            cut.reject(new Error('no job waits for these pages any more'));
            continue;
          }
          // A render in a thread is bounded by the reading slots, not this one: it may take seconds
          // a page, and other documents' cuts need not wait for it.
          if (source.inThread) {
            cut.drawing = new AbortController();
            source.cut(cut.pages, cut.drawing.signal).then(cut.resolve, cut.reject);
          } else cut.resolve(await source.cut(cut.pages));
        } catch (e) {
          cut.reject(e);
        }
      }
    } finally {
      // This turn's own entry: once it had left, a new turn of the document may have been started.
      if (turns.get(documentId) === turn) turns.delete(documentId);
      if (source && holders.has(documentId) && documentsOpen.waiting === 0) parked = { documentId, source };
      release();
    }
  }

  /**
   * When this turn is done and no other document waits for a slot, the cuts of the document asked
   * meanwhile (its next turn, waiting for the slot this turn holds) are made from the same parse
   * rather than parsing it again. Only then: a document waiting for a slot is served first.
   */
  function takeInNext(documentId: string, turn: DocumentTurn): boolean {
    const next = turns.get(documentId);
    if (!next || next === turn || next.cutting || documentsOpen.waiting !== 1) return false;
    turns.delete(documentId);
    // Its wait for a slot ends; take() sees the signal and returns.
    next.leave.abort();
    for (const cut of next.cuts) cut.turn = turn;
    turn.cuts.push(...next.cuts.splice(0));
    return turn.cuts.length > 0;
  }

  /** The turn's parse, opened with `cut`'s bytes; the turn takes in no new cut after the first attempt. */
  async function opened(documentId: string, turn: DocumentTurn, cut: PendingCut): Promise<PageCutter> {
    try {
      return await open(await cut.content());
    } finally {
      if (turns.get(documentId) === turn) turns.delete(documentId);
    }
  }

  function keep(key: string, pdf: Uint8Array): void {
    if (pdf.byteLength > MAX_BYTES / 4 || kept.peek(key)) return;
    kept.set(key, pdf, pdf.byteLength);
  }

  return { keptPages, cutPages, holdParse };
}

/** The worker process's cuts, shared by all its jobs. */
export const { keptPages, cutPages, holdParse } = createCutPagesCache();
