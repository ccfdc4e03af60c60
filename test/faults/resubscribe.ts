/**
 * A jobProgress subscriber over SSE that survives its server going away: when the stream ends
 * without `event: complete` (or cannot connect), it subscribes again with `after` = the last
 * seq it saw, as the contract tells clients to. Collects every event it received.
 */
import { JOB_PROGRESS } from '../helpers/job-fixtures.ts';

export interface Resubscriber {
  events: Array<{ seq: number; __typename: string; status?: string }>;
  /** Subscriptions opened (1 + reconnections). */
  connections: number;
  /** GraphQL errors the server sent in the stream. */
  errors: unknown[];
  /** Resolves once a stream ended with `event: complete`. */
  done: Promise<void>;
  stop(): void;
}

export function followWithResubscribe(url: () => string, apiKey: string, jobId: string): Resubscriber {
  const stopped = new AbortController();
  const subscriber: Resubscriber = { events: [], connections: 0, errors: [], done: Promise.resolve(), stop: () => stopped.abort() };
  subscriber.done = (async () => {
    for (;;) {
      stopped.signal.throwIfAborted();
      const after = subscriber.events.at(-1)?.seq ?? 0;
      try {
        subscriber.connections++;
        const response = await fetch(url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ query: JOB_PROGRESS, variables: { jobId, after } }),
          signal: stopped.signal,
        });
        if (response.status !== 200 || !response.body) throw new Error(`status ${response.status}`);
        let buffer = '';
        const decoder = new TextDecoder();
        const reader = response.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: complete/m.test(message)) return;
            const data = /^data: (.*)$/m.exec(message)?.[1];
            const payload = data ? (JSON.parse(data) as { data?: { jobProgress?: Resubscriber['events'][number] }; errors?: unknown[] }) : undefined;
            if (payload?.errors) subscriber.errors.push(...payload.errors);
            if (payload?.data?.jobProgress) subscriber.events.push(payload.data.jobProgress);
          }
        }
      } catch {
        if (stopped.signal.aborted) throw stopped.signal.reason;
      }
      // The server went away mid-stream or is not up yet: try again shortly.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return subscriber;
}
