import type { Plugin } from 'graphql-yoga';
import { graphiqlOptionsScript } from '../graphiql.ts';
import { graphiqlPageResponse } from '../graphiql-page.ts';

/**
 * GraphiQL at `endpoint` for a browser's GET (Accept: text/html), as Yoga's own GraphiQL plugin
 * decides, but answered by graphiql-page.ts: Yoga's plugin sends the page with a content type
 * only, so 9 MB went uncompressed on every visit, with no validator to revalidate it by.
 */
export function useGraphiqlPage(endpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !request.headers.get('accept')?.includes('text/html')) return;
      if (url.pathname !== endpoint && url.pathname !== `${endpoint}/`) return;
      return graphiqlPageResponse(request, graphiqlOptionsScript(request.url), fetchAPI).then(endResponse);
    },
  };
}
