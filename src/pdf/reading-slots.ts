import { createLimiter } from '../models/limiter.ts';

/**
 * Two readers (reader children, pdf-in-child.ts, or rendering threads, pdf-in-thread.ts) at a time
 * per process (the machines we size for have two cores): each may use its whole memory bound.
 */
export const readingSlots = createLimiter(2);

/**
 * What an upload's inspection brings to the queue for a reading slot: the request's signal, and how
 * many uploads may wait at once (MAX_WAITING_UPLOADS).
 */
export interface UploadAdmission {
  /** Aborts when the client has gone away: the upload then leaves the queue without being read. */
  signal?: AbortSignal;
  maxWaiting: number;
}

/** The reader is busy with other files and `maxWaiting` uploads already wait for it (documents.service.ts answers it). */
export class ReadersBusy extends Error {
  readonly maxWaiting: number;

  constructor(maxWaiting: number) {
    super(`${maxWaiting} uploads are already waiting to be read.`);
    this.name = 'ReadersBusy';
    this.maxWaiting = maxWaiting;
  }
}

/**
 * Uploads waiting for a slot, each holding its file (up to MAX_UPLOAD_BYTES) in memory meanwhile:
 * without a bound, a client could park any number of them. Only uploads count: a layout read
 * (a job's, an estimate's) comes from work the service has already accepted.
 */
let uploadsWaiting = 0;

/**
 * A reading slot's release function, once one is free. For an upload (`admission`): throws
 * ReadersBusy at once, rather than queueing, when no slot is free and `maxWaiting` uploads already
 * wait; rejects with the signal's reason, and holds nothing, when the request is aborted first.
 */
export async function acquireReadingSlot(admission?: UploadAdmission): Promise<() => void> {
  if (admission === undefined) return readingSlots.acquire();
  const freeNow = readingSlots.waiting === 0 && readingSlots.inFlight < readingSlots.max;
  if (!freeNow && uploadsWaiting >= admission.maxWaiting) throw new ReadersBusy(admission.maxWaiting);
  uploadsWaiting++;
  try {
    return await readingSlots.acquire(admission.signal);
  } finally {
    uploadsWaiting--;
  }
}
