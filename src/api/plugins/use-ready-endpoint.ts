import type { Plugin } from 'graphql-yoga';
import { pathOf } from './request-path.ts';

/**
 * `GET /ready`: 200 while `check` says the service can take work, 503 (with the error's message,
 * if it threw) otherwise. Yoga's useReadinessCheck, less two things. The URLPattern it also tried
 * on every request that is not for its endpoint: a match of the polyfilled pattern cost each
 * GraphQL request about 0.1 ms of the API's CPU (issue 18, a throughput profile). And its
 * `request.url.endsWith(endpoint)`, which also took `/x/ready`, `//ready` and
 * `/graphql?query=…&x=/ready` (a GraphQL request, answered 200 with no body) for the endpoint: here
 * the path must be the endpoint exactly, whatever the query string.
 */
export function useReadyEndpoint({ endpoint = '/ready', check }: { endpoint?: string; check: () => Promise<boolean> }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (pathOf(request.url) !== endpoint) return;
      return check().then(
        (ready) => endResponse(new fetchAPI.Response(null, { status: ready ? 200 : 503 })),
        (error: unknown) =>
          endResponse(
            error instanceof Error
              ? new fetchAPI.Response(error.message, { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' } })
              : new fetchAPI.Response(null, { status: 503 }),
          ),
      );
    },
  };
}
