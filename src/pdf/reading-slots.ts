import { createLimiter } from '../models/limiter.ts';

/**
 * Two readers (reader children, pdf-in-child.ts, or rendering threads, pdf-in-thread.ts) at a time
 * per process (the machines we size for have two cores): each may use its whole memory bound.
 */
export const readingSlots = createLimiter(2);

/**
 * What an upload's inspection brings to the queue for a reading slot: whose it is, the request's
 * signal, and how many uploads may wait at once (MAX_WAITING_UPLOADS).
 */
export interface UploadAdmission {
  tenantId: string;
  /** Aborts when the client has gone away: the upload then leaves the queue without being read. */
  signal?: AbortSignal;
  maxWaiting: number;
}

/**
 * How many of one tenant's uploads may wait: half of all that may (at least one), so that one
 * tenant filling its share leaves room for the others, whose uploads are then refused only if
 * several tenants flood at once.
 */
export const maxWaitingPerTenant = (maxWaiting: number): number => Math.max(1, Math.floor(maxWaiting / 2));

/**
 * The reader is busy with other files and too many uploads already wait for it: `mine` when it is
 * the tenant's own uploads that fill its share (documents.service.ts answers it).
 */
export class ReadersBusy extends Error {
  readonly maxWaiting: number;
  readonly mine: boolean;

  constructor(maxWaiting: number, mine: boolean) {
    super(`${maxWaiting} ${mine ? "of the tenant's uploads" : 'uploads'} are already waiting to be read.`);
    this.name = 'ReadersBusy';
    this.maxWaiting = maxWaiting;
    this.mine = mine;
  }
}

interface WaitingUpload {
  tenantId: string;
  signal?: AbortSignal;
  granted(release: () => void): void;
  failed(reason: unknown): void;
}

/**
 * Uploads waiting for a slot, each holding its file (up to MAX_UPLOAD_BYTES) in a temporary file
 * meanwhile, and its request open: without a bound, a client could park any number of them. Only uploads count. A job's layout
 * read comes from work the service has already accepted; an estimate's is not bounded here either,
 * but it reads at most once per document at a time (loadLayout shares concurrent reads), so a
 * client asking many estimates of one document does not queue many reads before the uploads.
 *
 * Queued per tenant (the Map's order is the round: a tenant goes to its end when an upload of
 * its is granted), and only one upload at a time waits in readingSlots' own queue, so the slots
 * go to the tenants in turn and uploads take their turn with the layout reads; one tenant's many
 * uploads wait behind each other.
 */
const queues = new Map<string, WaitingUpload[]>();
/** Per tenant, its uploads waiting: in `queues` or the one asking readingSlots. */
const waitingByTenant = new Map<string, number>();
let waitingTotal = 0;
let asking = false;

/** Uploads waiting for a slot now. */
export const uploadsWaiting = (): number => waitingTotal;

/**
 * A reading slot's release function, once one is free. For an upload (`admission`): rejects with
 * ReadersBusy at once, rather than queueing, when no slot is free and its tenant's share of
 * `maxWaiting` (maxWaitingPerTenant), or `maxWaiting` in all, already wait; rejects with the
 * signal's reason, and holds nothing, when the request is aborted first.
 */
export async function acquireReadingSlot(admission?: UploadAdmission): Promise<() => void> {
  if (admission === undefined) return readingSlots.acquire();
  const { tenantId, signal } = admission;
  if (freeNow()) return readingSlots.acquire(signal);
  if (signal?.aborted) throw signal.reason;
  const busy = refusal(admission);
  if (busy) throw busy;
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      const left = waitingByTenant.get(tenantId)! - 1;
      if (left === 0) waitingByTenant.delete(tenantId);
      else waitingByTenant.set(tenantId, left);
      waitingTotal--;
    };
    const upload: WaitingUpload = {
      tenantId,
      signal,
      granted: (release) => (done(), resolve(release)),
      failed: (reason) => (done(), reject(reason)),
    };
    // Still in its tenant's queue: it leaves it here. The one asking readingSlots leaves through its signal.
    const onAbort = () => {
      const queue = queues.get(tenantId);
      const index = queue?.indexOf(upload) ?? -1;
      if (index < 0) return;
      queue!.splice(index, 1);
      if (queue!.length === 0) queues.delete(tenantId);
      upload.failed(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waitingByTenant.set(tenantId, (waitingByTenant.get(tenantId) ?? 0) + 1);
    waitingTotal++;
    const queue = queues.get(tenantId);
    if (queue) queue.push(upload);
    else queues.set(tenantId, [upload]);
    askForNext();
  });
}

const freeNow = () => waitingTotal === 0 && readingSlots.waiting === 0 && readingSlots.inFlight < readingSlots.max;

/** Why an upload would be refused if it asked for a slot now, if it would be. */
function refusal({ tenantId, maxWaiting }: UploadAdmission): ReadersBusy | undefined {
  if (freeNow()) return undefined;
  const perTenant = maxWaitingPerTenant(maxWaiting);
  if ((waitingByTenant.get(tenantId) ?? 0) >= perTenant) return new ReadersBusy(perTenant, true);
  if (waitingTotal >= maxWaiting) return new ReadersBusy(maxWaiting, false);
  return undefined;
}

/**
 * Throws the ReadersBusy that acquireReadingSlot would throw now: for an upload to be refused
 * before anything of its file is read. (It may still be refused when it asks, if others came first.)
 */
export function checkUploadAdmission(admission: UploadAdmission): void {
  const busy = refusal(admission);
  if (busy) throw busy;
}

/**
 * Puts the next tenant's oldest upload in readingSlots' queue, unless one is there already. Its
 * tenant goes to the end of the round once that upload is granted (or has failed), not when it
 * starts asking: a tenant whose only upload was asking would otherwise have left the round, and
 * its next upload, arriving meanwhile, would take a place ahead of tenants that waited longer.
 */
function askForNext(): void {
  if (asking) return;
  const next = queues.entries().next();
  if (next.done) return;
  const [tenantId, queue] = next.value;
  const upload = queue.shift()!;
  if (queue.length === 0) queues.delete(tenantId);
  asking = true;
  const served = () => {
    asking = false;
    const rest = queues.get(tenantId);
    if (rest) {
      queues.delete(tenantId);
      queues.set(tenantId, rest);
    }
  };
  readingSlots.acquire(upload.signal).then(
    (release) => {
      served();
      upload.granted(release);
      askForNext();
    },
    (reason: unknown) => {
      served();
      upload.failed(reason);
      askForNext();
    },
  );
}
