/**
 * The pages a job's answers send as PDF, section by section (SubtreeContext.imagePdfFor).
 *
 * A section's cut is asked once it has a place in the job's window of cuts (cut-window.ts) and
 * kept only while the answers that send it (each its call and repair) are under way: a long
 * PER_PAGE job holds the cuts of its calls in flight and a few ahead, not one per page. A further
 * turn of an array or the second round asks again (the worker keeps small cuts,
 * worker/cut-pages-cache.ts).
 *
 * Sections are shared: subtrees that read the same pages ask for the same Section, and share its
 * place and cut. Each asker waits with its own signal (its subtree's, aborted when the subtree
 * fails): one that leaves stops waiting at once, and when the last one has left the place is given
 * back, or its wait and the cut's leave their queues, so a failed subtree holds no places and cuts
 * nothing for its other sections. The job's own signal ends every wait.
 *
 * A section whose cut failed is said once and not cut again within the job: its answers go without
 * its pages (asking again failed the same way, once per answer and turn, and said so each time).
 */
import { pdfPagesOf, type Section } from '../domain/types.ts';
import { toError } from '../to-error.ts';
import { createCutWindow } from './cut-window.ts';
import type { ImagePdf } from './extract-subtree.ts';

export interface SectionCutsOptions {
  /** Cuts the pages out as a PDF; gives up with the signal's reason once it aborts. Null: none can be cut. */
  cut: ((pages: number[], signal: AbortSignal) => Promise<Uint8Array>) | null;
  /** False when the model reads no images: scanned pages are skipped with a warning. */
  readsImages: boolean;
  /** Places of the job's window of cuts (cut-window.ts). */
  places: number;
  refill: number;
  /** The job's signal: a cut given up once it aborts is no failure to report. */
  signal: AbortSignal;
  /** The job's warnings, appended to. */
  warnings: string[];
  logger?: { warn(obj: object, msg: string): void };
}

/** A section's place and cut, shared by the answers that send it now or wait for it. */
interface HeldCut {
  pdf: Promise<Uint8Array | undefined>;
  users: number;
  /** Gives back the place, or gives up its wait and the cut; once its last user is done. */
  done(): void;
}

export function createSectionCuts(options: SectionCutsOptions): (section: Section, signal: AbortSignal) => Promise<ImagePdf> {
  const { cut, warnings, signal: jobSignal } = options;
  const cutWindow = createCutWindow({ places: options.places, refill: options.refill });
  const held = new Map<Section, HeldCut>();
  /** Sections whose pages could not be sent at all (not cut, or their cut failed), each said once. */
  const notSent = new Set<Section>();
  const none: ImagePdf = { pdf: undefined, done: () => {} };

  const cutOnce = async (section: Section, cutPages: NonNullable<SectionCutsOptions['cut']>, place: Promise<() => void>, leave: AbortSignal): Promise<Uint8Array | undefined> => {
    try {
      await place;
      return await cutPages(pdfPagesOf(section), leave);
    } catch (e) {
      // Given up because the job ended (cancelled, handed back) or no answer waits for it: no failure.
      if (leave.aborted) return undefined;
      notSent.add(section);
      options.logger?.warn({ err: toError(e), pages: pdfPagesOf(section) }, 'could not cut the pages sent as PDF');
      warnings.push(`pages ${pdfPagesOf(section).join(', ')}: the pages to send as PDF could not be prepared for the model`);
      return undefined;
    }
  };

  const hold = (section: Section, cutPages: NonNullable<SectionCutsOptions['cut']>): HeldCut => {
    const own = new AbortController();
    const leave = AbortSignal.any([jobSignal, own.signal]);
    const place = cutWindow.enter(leave);
    const entry: HeldCut = {
      pdf: cutOnce(section, cutPages, place, leave),
      users: 0,
      done: () => {
        if (held.get(section) === entry) held.delete(section);
        own.abort(new Error('no answer waits for these pages any more'));
        place.then((release) => release(), () => {});
      },
    };
    return entry;
  };

  return async (section, signal) => {
    signal.throwIfAborted();
    if (pdfPagesOf(section).length === 0 || notSent.has(section)) return none;
    if (!options.readsImages || !cut) {
      notSent.add(section);
      warnings.push(
        !options.readsImages
          ? `pages ${section.imagePages.join(', ')}: scanned pages were skipped (the configured model does not read images)`
          : `pages ${pdfPagesOf(section).join(', ')}: the pages to send as PDF were not read (no PDF bytes given)`,
      );
      return none;
    }
    let entry = held.get(section);
    if (!entry) held.set(section, (entry = hold(section, cut)));
    entry.users++;
    const user = entry;
    let released = false;
    const done = (): void => {
      if (released) return;
      released = true;
      if (--user.users === 0) user.done();
    };
    // Left at once, in the step the signal aborts: the sections of a failed subtree all leave the
    // window together rather than one a step, each letting the next be granted a place.
    signal.addEventListener('abort', done, { once: true });
    try {
      return { pdf: await untilOrAborted(user.pdf, signal), done };
    } finally {
      signal.removeEventListener('abort', done);
    }
  };
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function untilOrAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  const { promise: aborted, reject } = Promise.withResolvers<never>();
  const onAbort = (): void => reject(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return Promise.race([promise, aborted]).finally(() => signal.removeEventListener('abort', onAbort));
}
