import type { GraphiQLOptions } from 'graphql-yoga';

const EXAMPLE_QUERY = `# Paste your API key in the headers below (Authorization: Bearer <key>).
query Viewer {
  viewer { id name activeJobs maxActiveJobs }
  documents(first: 5) { nodes { id filename pageCount createdAt } }
}
`;

/** GraphiQL with subscriptions over WebSocket and the API key header ready to fill in. */
export function renderGraphiqlOptions(request: Request): GraphiQLOptions {
  const key = new URL(request.url).searchParams.get('apiKey');
  return {
    title: 'paperjson',
    subscriptionsProtocol: 'WS',
    defaultQuery: EXAMPLE_QUERY,
    headers: JSON.stringify({ Authorization: `Bearer ${key ?? '<your API key>'}` }, null, 2),
    shouldPersistHeaders: true,
  };
}
