import type { IncomingMessage } from 'node:http';
import type { ExecutionResult } from 'graphql';
import { appError } from '../errors.ts';

/**
 * How an SSE subscription learns that its API key was revoked, so that it can end the way the
 * GraphQL-over-SSE protocol lets a stream end with an error: a `next` event whose result carries a
 * GraphQL error (extensions.code UNAUTHENTICATED), then `complete`, then the end of the response.
 * Cutting the connection instead leaves the client a truncated transfer and no reason.
 *
 * http-server.ts marks each SSE request it tracks (open-streams.ts) and revokes it; the plugin
 * use-revoked-stream-end.ts finds the mark through the request in the operation's context and
 * ends the subscription's results with the error. One request, one mark: a request is only ever
 * revoked once, with the reason open-streams.ts gives.
 */

const marks = new WeakMap<IncomingMessage, AbortController>();

/** Marks `req` as a stream that a revocation may end; the returned function revokes it with a reason. */
export function markRevocable(req: IncomingMessage): (reason: string) => void {
  const controller = new AbortController();
  marks.set(req, controller);
  return (reason) => controller.abort(reason);
}

/** The revocation of `req`, when http-server.ts marked it. */
export function revocationOf(req: IncomingMessage | undefined): AbortSignal | undefined {
  return req ? marks.get(req)?.signal : undefined;
}

const ENDED: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * `source`'s results until `revocation` fires, then one result carrying the UNAUTHENTICATED error
 * and the end. The source is let go at once (its `return`), without waiting for it: a subscription
 * waiting for its next event may not answer `return` until that event comes.
 */
export function endOnRevocation(source: AsyncIterable<ExecutionResult>, revocation: AbortSignal): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let ended = false;
  const end = (): Promise<IteratorReturnResult<undefined>> => {
    if (!ended) {
      ended = true;
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
    return Promise.resolve(ENDED);
  };
  let errorResult: IteratorYieldResult<ExecutionResult> | null = null;
  const revoked = new Promise<IteratorYieldResult<ExecutionResult>>((resolve) => {
    const yieldError = () => resolve((errorResult = { done: false, value: { errors: [appError('UNAUTHENTICATED', String(revocation.reason))] } }));
    if (revocation.aborted) yieldError();
    else revocation.addEventListener('abort', yieldError, { once: true });
  });
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (ended) return ENDED;
      const next = await Promise.race([iterator.next(), revoked]);
      if (next === errorResult) void end();
      return next;
    },
    return: end,
  };
}
