import type { Plugin } from 'graphql-yoga';

/**
 * `GET /ready`: 200 while `check` says the service can take work, 503 (with the error's message,
 * if it threw) otherwise. Yoga's useReadinessCheck, less the URLPattern it also tried on every
 * request that is not for its endpoint: a match of the polyfilled pattern cost each GraphQL request
 * about 0.1 ms of the API's CPU (issue 18, a throughput profile), and it can only match a URL whose
 * path is exactly the endpoint, which the comparisons below already catch.
 */
export function useReadyEndpoint({ endpoint = '/ready', check }: { endpoint?: string; check: () => Promise<boolean> }): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI, url }) {
      if (!request.url.endsWith(endpoint) && url.pathname !== endpoint) return;
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
