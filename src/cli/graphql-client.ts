import { toError } from '../to-error.ts';
import { CliError } from './cli-error.ts';
import { UPLOAD_DOCUMENT } from './operations.ts';

export interface GraphqlClient {
  readonly url: string;
  readonly apiKey: string;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** GraphQL multipart request (the spec graphql-yoga implements) with one file. */
  uploadDocument(bytes: Uint8Array, filename: string): Promise<UploadedDocument>;
}

interface UploadedDocument {
  id: string;
  filename: string;
  pageCount: number;
  textPageCount: number;
  sizeBytes: number;
}

interface GraphqlError {
  message: string;
  extensions?: { code?: unknown; problems?: unknown };
}

/** Queries and mutations over HTTP. Every GraphQL error becomes a CliError with the server's code. */
export function createGraphqlClient(options: { url: string; apiKey: string }): GraphqlClient {
  const { url, apiKey } = options;
  const post = async <T>(body: BodyInit, headers: Record<string, string>): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', body, headers: { ...headers, authorization: `Bearer ${apiKey}` } });
    } catch (error) {
      const cause = toError(toError(error).cause ?? error);
      throw new CliError(
        'failed',
        `Could not reach the paperjson server at ${url} (${cause.message}). Start it with "npm start", ` +
          'point --url / PAPERJSON_URL / API_URL (or PORT, for a server on this machine) at it, or add --local to run an embedded server for this command.',
      );
    }
    const text = await response.text();
    let payload: { data?: T; errors?: GraphqlError[] };
    try {
      payload = JSON.parse(text) as typeof payload;
    } catch {
      throw new CliError('failed', `The server at ${url} answered HTTP ${response.status} without a GraphQL response: ${text.slice(0, 200)}`);
    }
    if (payload.errors?.length) throw graphqlFailure(payload.errors);
    if (payload.data === undefined || payload.data === null) {
      throw new CliError('failed', `The server at ${url} answered HTTP ${response.status} without data.`);
    }
    return payload.data;
  };

  return {
    url,
    apiKey,
    request: (query, variables = {}) =>
      post(JSON.stringify({ query, variables }), { 'content-type': 'application/json', accept: 'application/json' }),
    async uploadDocument(bytes, filename) {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query: UPLOAD_DOCUMENT, variables: { file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), filename);
      const data = await post<{ uploadDocument: UploadedDocument }>(form, { accept: 'application/json' });
      return data.uploadDocument;
    },
  };
}

/** One message for all errors of a response, led by the first error's code. */
export function graphqlFailure(errors: readonly GraphqlError[]): CliError {
  const codes = errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : null));
  const code = codes.find((c) => c !== null) ?? null;
  const lines = errors.flatMap((e, i) => [codes[i] ? `${codes[i]}: ${e.message}` : e.message, ...problemLines(e.extensions?.problems)]);
  return new CliError('failed', lines.join('\n'), code);
}

/** UNPROCESSABLE schema errors carry every problem with its JSON Pointer; show them all. */
function problemLines(problems: unknown): string[] {
  if (!Array.isArray(problems)) return [];
  return problems
    .filter((p): p is { path: string; message: string } => typeof p?.path === 'string' && typeof p?.message === 'string')
    .map((p) => `  ${p.path === '' ? '(root)' : p.path}: ${p.message}`);
}
