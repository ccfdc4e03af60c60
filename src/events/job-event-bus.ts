import pg from 'pg';
import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';
import { decodeJobEventNotification, JOB_EVENTS_CHANNEL, type NotifiedEvent } from './job-event-notification.ts';

/**
 * Called with the newest seq of a job, and (for a listener that asked for them) the batch ending
 * at it when its notification carried the batch (see job-event-notification.ts); or with null
 * after a reconnect (something may have been missed). The events are decoded once and shared by
 * every listener: read-only.
 */
type JobEventListener = (seq: number | null, events?: readonly NotifiedEvent[]) => void;

export interface JobEventBus {
  /**
   * With `events`, the listener also gets the batch a notification carries (an API's feed hands
   * it to subscribers). Without, it gets the seq alone, and a job followed only by such listeners
   * (a worker's cancel check on its own job) costs no decode of its notifications' events, which
   * carry the job's results: the seq is read from the head of the text.
   */
  subscribe(jobId: string, listener: JobEventListener, options?: { events?: boolean }): () => void;
  close(): Promise<void>;
}

interface Listening {
  listener: JobEventListener;
  events: boolean;
}

/**
 * Tells this process when any process appends events to a job's log, through one dedicated
 * Postgres connection that LISTENs on the events channel (see job-event-notification.ts).
 * When the connection drops it reconnects with backoff and wakes every listener, since
 * notifications sent in between are lost.
 */
export async function createJobEventBus(connectionString: string, logger: Logger): Promise<JobEventBus> {
  const listeners = new Map<string, Set<Listening>>();
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;

  const dispatch = (jobId: string, seq: number | null, events?: readonly NotifiedEvent[]) => {
    for (const { listener, events: wanted } of listeners.get(jobId) ?? []) listener(seq, wanted ? events : undefined);
  };

  const connect = async (attempt: number): Promise<void> => {
    const next = new pg.Client({ connectionString, application_name: 'paperjson-events' });
    next.on('notification', (message) => {
      if (message.channel !== JOB_EVENTS_CHANNEL) return;
      // Decoded only when someone here follows the job: a worker process hears every job's events.
      const jobId = message.payload?.slice(0, message.payload.indexOf(':'));
      const following = jobId ? listeners.get(jobId) : undefined;
      if (!following) return;
      const withEvents = [...following].some((listening) => listening.events);
      const notification = decodeJobEventNotification(message.payload, { events: withEvents });
      if (notification) dispatch(notification.jobId, notification.seq, notification.events);
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'event bus connection lost; reconnecting');
      next.removeAllListeners('error');
      next.on('error', () => {});
      void next.end().catch(() => {});
      if (client === next) client = null;
      scheduleReconnect(1);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${JOB_EVENTS_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      if (attempt === 0) throw error;
      logger.warn({ err: toError(error), attempt }, 'event bus reconnect failed');
      scheduleReconnect(attempt + 1);
      return;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
    if (attempt > 0) {
      logger.info('event bus reconnected');
      for (const jobId of listeners.keys()) dispatch(jobId, null);
    }
  };

  const scheduleReconnect = (attempt: number) => {
    if (closed || retryTimer) return;
    const delay = Math.min(5000, 100 * 2 ** attempt);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect(attempt);
    }, delay);
    retryTimer.unref();
  };

  await connect(0);

  return {
    subscribe(jobId, listener, options) {
      let set = listeners.get(jobId);
      if (!set) listeners.set(jobId, (set = new Set()));
      const listening: Listening = { listener, events: options?.events === true };
      set.add(listening);
      return () => {
        set.delete(listening);
        if (set.size === 0) listeners.delete(jobId);
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
