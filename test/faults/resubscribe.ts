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
  /** Resolves once a stream ended with `event: complete`. */
  done: Promise<void>;
  stop(): void;
}

export function followWithResubscribe(url: () => string, apiKey: string, jobId: string): Resubscriber {
  const stopped = new AbortController();
  const subscriber: Resubscriber = { events: [], connections: 0, done: Promise.resolve(), stop: () => stopped.abort() };
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
        for await (const chunk of response.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (/^event: complete/m.test(message)) return;
            const data = /^data: (.*)$/m.exec(message)?.[1];
            const event = data ? (JSON.parse(data) as { data?: { jobProgress?: Resubscriber['events'][number] } }).data?.jobProgress : undefined;
            if (event) subscriber.events.push(event);
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
