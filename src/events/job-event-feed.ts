import { isTerminal, type JobStatus } from '../domain/choices.ts';
import type { JobEventPayload } from '../domain/types.ts';
import type { JobEventBus } from './job-event-bus.ts';
import type { NotifiedEvent } from './job-event-notification.ts';

/** How long a job's feed waits for a notification before it looks at the log anyway. */
const SAFETY_POLL_MS = 5000;
/** How long a follower keeps trying while the database is unreachable (a restart, a failover). */
const DATABASE_PATIENCE_MS = 120_000;
/**
 * Events per log read. A shorter page is the end of what was committed when it was read, so no
 * second (empty) read follows it: anything committed later is announced by its own notification.
 */
const PAGE = 1000;

/**
 * Runs a read again while it fails, with a backoff up to 2 s, for DATABASE_PATIENCE_MS: a
 * database restart must not end every open subscription (which the client could only take for
 * an end of the stream). Reads are idempotent and the cursor does not move, so a retry can
 * neither skip nor repeat an event. Gives up with the last error after the patience runs out.
 */
async function patiently<T>(read: () => Promise<T>, signal: AbortSignal): Promise<T> {
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(2_000, delay * 2)) {
    try {
      return await read();
    } catch (error) {
      if (signal.aborted || Date.now() - started > DATABASE_PATIENCE_MS) throw error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}

/** What the feed needs to know of an entry of a job's log (jobs/job-types.ts's JobEvent is one). */
export interface LoggedJobEvent {
  seq: number;
  payload: JobEventPayload;
}

/**
 * The reads the feed makes, given by the jobs module that owns the log (jobs.service.ts wires in
 * jobs.repository.ts), so that events/ does not import jobs/ while jobs/ imports events/.
 */
export interface JobEventLog<E extends LoggedJobEvent> {
  /** At most `limit` events of a job with seq above `after`, in seq order. */
  readEvents(jobId: string, after: number, limit: number): Promise<E[]>;
  /** The job's status, or null when there is no such job. */
  jobStatus(jobId: string): Promise<JobStatus | null>;
  /** The seq of the job's newest event (0 when there is no such job). */
  lastSeq(jobId: string): Promise<number>;
  /** The log's entry for an event a notification carried (the same as readEvents would return). */
  eventOf(jobId: string, event: NotifiedEvent): E;
}

export interface JobEventFeed<E extends LoggedJobEvent> {
  /**
   * The events of one job after `after`: first the persisted ones, then live ones as they are
   * committed, ending after the terminal status event (or when `signal` aborts). `statusBefore`,
   * the job's status read before this call when the caller has it, spares the read of the status
   * after the replay: every event committed before a final status is in the replay. `lastSeqBefore`,
   * the job's last seq read with it, spares the read of the log's end for a cursor past it.
   */
  follow(jobId: string, after: number, signal: AbortSignal, statusBefore?: JobStatus, lastSeqBefore?: number): AsyncGenerator<E>;
  /**
   * Like follow, but the job's status, its last seq and its first events after `after` come from
   * ONE read, `read` (at most `limit` events), made after the follower has joined the feed, so a
   * subscription costs one round trip before its first event. Resolves to null, having left the
   * feed, when `read` finds no job. The follower is in the feed from the call on: it leaves when
   * the stream ends, or when `signal` aborts even if the stream is never iterated.
   */
  open(jobId: string, after: number, signal: AbortSignal, read: (limit: number) => Promise<FollowOpening<E> | null>): Promise<AsyncGenerator<E> | null>;
}

/** What a follower reads in one go before its first event (see JobEventFeed.open). */
interface FollowOpening<E> {
  status: JobStatus;
  lastSeq: number;
  /** The first events after the cursor, in seq order, at most the limit asked for. */
  events: E[];
}

interface Follower<E> {
  /** Highest seq this follower has yielded. */
  readonly last: number;
  /**
   * True while the follower's opening read is in flight (open): its cursor may still be past the
   * log's end, so the feed does not start a read at it unless a notification bounds it.
   */
  readonly pending: boolean;
  deliver(events: readonly E[]): void;
}


interface JobFeed<E> {
  followers: Set<Follower<E>>;
  /** Highest seq the shared reader has read, once it has read anything. */
  tail: number | null;
  reading: boolean;
  readAgain: boolean;
  unsubscribe: () => void;
  timer: NodeJS.Timeout;
}

/**
 * Live events of a job reach every follower of that job in this process from ONE source: the
 * notification that announced them when it carried them and they follow on from what the feed
 * has handed out (no query at all), else one read of the log, so a job watched by 1,000 clients
 * costs at most one query per notification, not 1,000.
 *
 * No gap, no duplicate: a follower registers with the feed BEFORE it replays from the log, keeps
 * the seq it last yielded, drops delivered events at or below it, and when a delivered batch
 * starts past `last + 1` (the feed began delivering later than this follower's replay ended) it
 * reads the missing stretch from the log itself. The feed delivers in seq order: a notification's
 * events are handed out only when they start right after the feed's tail (the last seq it
 * delivered; before any delivery, the most advanced follower's whose opening read is done, but
 * never past the notified seq),
 * and no read is in flight; a follower's cursor past the log's end is shown to the feed as the
 * end it read before registering (it still skips what its cursor covers), so none is ahead of the log;
 * otherwise the notification wakes the shared reader, which reads from the log in seq order. Only
 * one read per job is in flight at a time; notifications during a read cause one more read after
 * it. While the database is unreachable, a follower waits for it (see `patiently`) instead of
 * ending the stream, and the shared reader tries again on the bus's reconnect or the safety poll.
 */
export function createJobEventFeed<E extends LoggedJobEvent>(log: JobEventLog<E>, bus: JobEventBus): JobEventFeed<E> {
  const jobs = new Map<string, JobFeed<E>>();

  const readShared = async (jobId: string, feed: JobFeed<E>, hint: number | null): Promise<void> => {
    if (feed.reading) {
      feed.readAgain = true;
      return;
    }
    feed.reading = true;
    try {
      do {
        feed.readAgain = false;
        if (feed.followers.size === 0) return;
        // Before the first read, start at the most advanced follower (never past the notified
        // seq): followers that are further behind fill their own gap from the log. Without a
        // notified seq, a pending follower's cursor is not a bound (it may be past the log's end);
        // when only pending ones follow, their own opening reads cover the log: nothing to read.
        let from = feed.tail;
        if (from === null) {
          const known = [...feed.followers].filter((f) => hint !== null || !f.pending);
          if (known.length === 0) continue;
          const newest = Math.max(...known.map((f) => f.last));
          from = hint !== null ? Math.min(hint - 1, newest) : newest;
        }
        for (;;) {
          const events = await log.readEvents(jobId, from, PAGE);
          if (events.length === 0) break;
          from = events.at(-1)!.seq;
          feed.tail = from;
          for (const follower of feed.followers) follower.deliver(events);
          if (events.length < PAGE) break;
        }
        // The cursors followers show are within the log (see follow), so `from` is too.
        feed.tail ??= from;
      } while (feed.readAgain);
    } catch {
      // A failed read is retried by the next notification or the safety poll; followers that
      // see a gap then read it themselves, so nothing is lost.
    } finally {
      feed.reading = false;
    }
  };

  /**
   * Hands out the events of a notification that the feed has not handed out yet, when they follow
   * on from its tail; false when there is a gap before them (or a read in flight): the log is read instead.
   * Before the feed has a tail, it is taken as the shared reader would start (never past the
   * notified seq), so a follower far ahead cannot make the notified events look handed out.
   * Followers whose opening read is in flight do not count there: that read brings them the log
   * up to its snapshot and they read any gap after it themselves (stream), so a batch announced
   * while only such followers wait (a client that subscribed just before its job's claim) goes
   * straight to them rather than waiting for a read of the log that their own read repeats.
   */
  const deliverNotified = (jobId: string, feed: JobFeed<E>, notified: readonly NotifiedEvent[]): boolean => {
    if (feed.reading || feed.followers.size === 0) return false;
    if (notified.length === 0) return true;
    const newest = Math.max(...[...feed.followers].map((f) => (f.pending ? -Infinity : f.last)));
    const tail = feed.tail ?? Math.min(notified[0]!.seq - 1, newest === -Infinity ? Infinity : newest);
    const fresh = notified.filter((event) => event.seq > tail);
    if (fresh.length === 0) return true;
    if (fresh[0]!.seq !== tail + 1) return false;
    const events = fresh.map((event) => log.eventOf(jobId, event));
    feed.tail = events.at(-1)!.seq;
    for (const follower of feed.followers) follower.deliver(events);
    return true;
  };

  const join = (jobId: string, follower: Follower<E>): (() => void) => {
    let feed = jobs.get(jobId);
    if (!feed) {
      const created: JobFeed<E> = {
        followers: new Set(),
        tail: null,
        reading: false,
        readAgain: false,
        unsubscribe: () => {},
        timer: setInterval(() => void readShared(jobId, created, null), SAFETY_POLL_MS),
      };
      created.timer.unref();
      created.unsubscribe = bus.subscribe(
        jobId,
        (seq, notified) => {
          if (!notified || !deliverNotified(jobId, created, notified)) void readShared(jobId, created, seq);
        },
        { events: true },
      );
      jobs.set(jobId, created);
      feed = created;
    }
    feed.followers.add(follower);
    const joined = feed;
    return () => {
      joined.followers.delete(follower);
      if (joined.followers.size === 0 && jobs.get(jobId) === joined) {
        jobs.delete(jobId);
        joined.unsubscribe();
        clearInterval(joined.timer);
      }
    };
  };

  /** A follower's own state: the seq it last yielded and the events the feed handed it since. */
  interface Following {
    last: number;
    inbox: E[];
    wake: (() => void) | null;
    /** The cursor as shown to the feed (see follow); null while the opening read is pending. */
    shown: number | null;
  }

  const joinAs = (jobId: string, after: number, shown: number | null) => {
    const state: Following = { last: after, inbox: [], wake: null, shown };
    const follower: Follower<E> = {
      get last() {
        return state.last > after ? state.last : (state.shown ?? after);
      },
      get pending() {
        return state.shown === null;
      },
      deliver(events) {
        state.inbox.push(...events);
        state.wake?.();
      },
    };
    let joined = true;
    const leaveFeed = join(jobId, follower);
    const leave = () => {
      if (!joined) return;
      joined = false;
      leaveFeed();
    };
    return { state, leave };
  };

  /**
   * The stream of a follower that has joined: the replay (its first page `opening` when that was
   * read already) and any gap straight from the log, then what the feed hands it.
   */
  async function* stream(jobId: string, after: number, signal: AbortSignal, state: Following, leave: () => void, statusBefore: JobStatus | undefined, opening: E[] | null): AsyncGenerator<E> {
    const onAbort = () => state.wake?.();
    signal.addEventListener('abort', onAbort);
    const isEnd = (event: E) => event.payload.type === 'JOB_STATUS' && isTerminal(event.payload.status);
    try {
      // Replay (and, later, any gap) straight from the log.
      let needsRead = true;
      let firstRead = true;
      let page = opening;
      while (!signal.aborted) {
        if (needsRead) {
          needsRead = false;
          for (;;) {
            const events = page ?? (await patiently(() => log.readEvents(jobId, state.last, PAGE), signal));
            page = null;
            for (const event of events) {
              yield event;
              state.last = event.seq;
              if (isEnd(event)) return;
            }
            if (events.length < PAGE) break;
          }
          if (firstRead && statusBefore !== undefined) {
            firstRead = false;
            // Final before the replay began: the replay read every event there will ever be,
            // and its end was not among them (the cursor is at or past it).
            if (isTerminal(statusBefore)) return;
          } else if (firstRead) {
            firstRead = false;
            // A cursor at or past the terminal event: nothing more will ever come.
            const status = await patiently(() => log.jobStatus(jobId), signal);
            if (status === null) return;
            if (isTerminal(status)) {
              needsRead = (await patiently(() => log.readEvents(jobId, state.last, 1), signal)).length > 0;
              if (!needsRead) return;
              continue;
            }
          }
        }
        const batch = state.inbox;
        state.inbox = [];
        for (const event of batch) {
          if (event.seq <= state.last) {
            // A cursor past the job's end (see follow) skips the end too: the stream still ends.
            if (isEnd(event)) return;
            continue;
          }
          if (event.seq > state.last + 1) {
            needsRead = true;
            break;
          }
          yield event;
          state.last = event.seq;
          if (isEnd(event)) return;
        }
        if (needsRead) continue;
        await new Promise<void>((resolve) => {
          if (state.inbox.length > 0 || signal.aborted) return resolve();
          state.wake = resolve;
        });
        state.wake = null;
      }
    } finally {
      leave();
      signal.removeEventListener('abort', onAbort);
    }
  }

  return {
    async *follow(jobId, after, signal, statusBefore, lastSeqBefore) {
      // A cursor past the log's end (a client may name any seq) is shown to the feed as the log's
      // end, read before the follower joins (an end read earlier is as good: it only shows the
      // follower further behind): the shared reader starts at the most advanced follower, and a
      // cursor ahead of the log would hold back every follower's events until the log reached it.
      // The follower itself still yields nothing at or below its cursor.
      const shown = after > 0 ? Math.min(after, lastSeqBefore ?? (await patiently(() => log.lastSeq(jobId), signal))) : after;
      const { state, leave } = joinAs(jobId, after, shown);
      yield* stream(jobId, after, signal, state, leave, statusBefore, null);
    },

    async open(jobId, after, signal, read) {
      // Joins first, then reads: whatever is committed after the read's snapshot is announced
      // to a follower already in the feed, and what the read saw is dropped when it comes again.
      const { state, leave } = joinAs(jobId, after, null);
      signal.addEventListener('abort', leave, { once: true });
      let opening: FollowOpening<E> | null;
      try {
        // Not patient (unlike the reads after it): a subscription the database cannot open fails
        // at once, before its stream starts, as the lookup it replaces did.
        opening = await read(PAGE);
      } catch (error) {
        leave();
        throw error;
      }
      if (!opening) {
        leave();
        return null;
      }
      // The log's end from the same snapshot bounds the cursor shown to the feed (see follow).
      state.shown = after > 0 ? Math.min(after, opening.lastSeq) : after;
      return stream(jobId, after, signal, state, leave, opening.status, opening.events);
    },
  };
}
