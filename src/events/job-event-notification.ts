/**
 * The NOTIFY message sent with every batch of new job events, encoded and decoded only here.
 *
 * It carries `<jobId>:<seq>` (the job and the newest seq of the batch) and, when the batch fits,
 * the batch itself: `<jobId>:<seq>:<JSON of [{at, payload}, ...]>`, the events with seqs up to
 * `seq`, in order. The events let an API process hand a live batch to its subscribers without
 * reading it back from the log (events/job-event-feed.ts); the log in Postgres stays the one
 * source of truth, read whenever a notification comes without its events or does not follow on
 * from what a process has. NOTIFY payloads are limited to 8000 bytes: a batch that does not fit
 * (a large subtree result) is announced by its seq alone.
 */
import type { JobEventPayload } from '../domain/types.ts';

export const JOB_EVENTS_CHANNEL = 'paperjson_job_events';

/** An event as a notification carries it: its seq is the position in the batch. */
export interface NotifiedEvent {
  seq: number;
  at: Date;
  payload: JobEventPayload;
}

export interface JobEventNotification {
  jobId: string;
  seq: number;
  /** The batch whose last seq is `seq`, when it fit in the notification. */
  events?: NotifiedEvent[];
}

/** Below Postgres's 8000-byte limit on a NOTIFY payload, with room to spare. */
const MAX_PAYLOAD_BYTES = 7900;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every event type, as a record so that a new type in JobEventPayload fails to compile here until listed. */
const EVENT_TYPE_RECORD: Readonly<Record<JobEventPayload['type'], true>> = {
  JOB_STARTED: true,
  SUBTREE_RESULT: true,
  SUBTREE_ERROR: true,
  ARRAY_PROGRESS: true,
  JOB_STATUS: true,
};
const EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(EVENT_TYPE_RECORD));

/**
 * The payload for `notification`; its events are left out when they would not fit, or when they
 * are not exactly the batch that ends at `seq` (one event per seq, in order). `payloadTexts`, the
 * events' payloads as the writer serialised them for the log, spares serialising them again.
 */
export function encodeJobEventNotification(notification: JobEventNotification, payloadTexts?: readonly string[]): string {
  const head = `${notification.jobId}:${notification.seq}`;
  const { events } = notification;
  if (!events || events.length === 0) return head;
  const ordered = events.every((event, i) => event.seq === notification.seq - events.length + 1 + i);
  if (!ordered) return head;
  // The payload is written as the log stores it (the column keeps JSON text as given), so an
  // event from a notification reads exactly like the same event read from the log.
  const texts = payloadTexts ?? events.map((event) => JSON.stringify(event.payload));
  // A string is never longer than its UTF-8 bytes: a batch over the limit here (a large subtree
  // result) is announced by its seq without building the text that would be thrown away.
  if (texts.reduce((length, text) => length + text.length, 0) > MAX_PAYLOAD_BYTES) return head;
  const full = `${head}:[${events.map((event, i) => `{"at":${JSON.stringify(event.at.toISOString())},"payload":${texts[i]}}`).join(',')}]`;
  return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : head;
}

/**
 * The notification in `payload`, or null when it is not one we sent (any process may NOTIFY). A
 * malformed event list is dropped (the notification still says which seq to read up to). With
 * `events: false` the event list is not decoded at all (the seq is all the caller needs).
 */
export function decodeJobEventNotification(payload: string | undefined, { events: wanted = true }: { events?: boolean } = {}): JobEventNotification | null {
  if (!payload) return null;
  const first = payload.indexOf(':');
  const second = first < 0 ? -1 : payload.indexOf(':', first + 1);
  const jobId = payload.slice(0, first);
  const seq = Number(payload.slice(first + 1, second < 0 ? undefined : second));
  if (first < 0 || !UUID.test(jobId) || !Number.isSafeInteger(seq) || seq < 1) return null;
  if (second < 0 || !wanted) return { jobId, seq };
  const events = decodeEvents(payload.slice(second + 1), seq);
  return events ? { jobId, seq, events } : { jobId, seq };
}

function decodeEvents(text: string, lastSeq: number): NotifiedEvent[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > lastSeq) return null;
  const events: NotifiedEvent[] = [];
  for (const [i, entry] of parsed.entries()) {
    const { at, payload } = (entry ?? {}) as { at?: unknown; payload?: unknown };
    const type = (payload as { type?: unknown } | null)?.type;
    if (typeof at !== 'string' || typeof payload !== 'object' || payload === null || typeof type !== 'string' || !EVENT_TYPES.has(type)) return null;
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return null;
    events.push({ seq: lastSeq - parsed.length + 1 + i, at: date, payload: payload as JobEventPayload });
  }
  return events;
}
