import type { IncomingMessage } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import { endOnRevocation, revocationOf } from '../sse-revocation.ts';

/**
 * Ends an SSE subscription whose API key was revoked with an UNAUTHENTICATED error result, then
 * `complete` (sse-revocation.ts says why). graphql-ws operations carry no mark: a revoked key's
 * socket is closed with 4403 and its reason (http-server.ts).
 */
export function useRevokedStreamEnd(): Plugin<{ req?: IncomingMessage }> {
  return {
    onSubscribe({ args }) {
      const revocation = revocationOf(args.contextValue.req);
      if (!revocation) return;
      return {
        onSubscribeResult({ result, setResult }) {
          if (Symbol.asyncIterator in result) setResult(endOnRevocation(result, revocation));
        },
      };
    },
  };
}
