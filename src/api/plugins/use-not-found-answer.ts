import type { Plugin } from 'graphql-yoga';
import { pathOf } from './request-path.ts';

/** Every path the API serves, for the 404 of any other (the review routes answer theirs in front of yoga). */
const ROUTES = [
  '/graphql (GraphQL over HTTP, SSE and WebSocket; GraphiQL in a browser)',
  '/ (home page and upload form)',
  '/jobs/<id>/review (review page of a job)',
  '/documents/<id>/pdf (a document\'s PDF, with "Authorization: Bearer <key>")',
  '/ready (200 while the database and the job queue answer, else 503)',
  '/health (200 while the process runs)',
];

/**
 * A request for a path the API does not serve: a 404 that names the paths it does, in the style of
 * the review routes' text answers. Yoga's own answer (its unhandled-route plugin, after every
 * plugin of ours) was a 404 with an empty body and no content type, which told a user who mistyped
 * `/graphq` nothing. After /ready (useReadyEndpoint) and /health (yoga's, before our plugins).
 */
export function useNotFoundAnswer(graphqlPath: string): Plugin {
  const body = `NOT_FOUND: nothing is served at this path. Paths:\n${ROUTES.map((route) => `  ${route}\n`).join('')}`;
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      const path = pathOf(request.url);
      if (path === graphqlPath || path === `${graphqlPath}/`) return;
      endResponse(new fetchAPI.Response(body, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } }));
    },
  };
}
