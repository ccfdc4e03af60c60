import { GraphQLError } from 'graphql';
import type { IncomingMessage } from 'node:http';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { appError, isAppError } from '../errors.ts';
import { toError } from '../to-error.ts';
import { authenticate } from './authenticate.ts';
import type { ApiContext, ApiDeps } from './context.ts';
import { useErrorStatusExtension } from './plugins/use-error-status-extension.ts';
import { useGraphiqlPage } from './plugins/use-graphiql-page.ts';
import { stripSuggestions, useQueryLimits } from './plugins/use-query-limits.ts';
import { useRequestLog } from './plugins/use-request-log.ts';
import { useLargeJsonBody } from './plugins/use-large-json-body.ts';
import { useReadyEndpoint } from './plugins/use-ready-endpoint.ts';
import { useNotFoundAnswer } from './plugins/use-not-found-answer.ts';
import { useRequestSizeLimit } from './plugins/use-request-size-limit.ts';
import { useUploadsOnDisk } from './plugins/use-uploads-on-disk.ts';
import { useSharedSubscriptionResults } from './plugins/use-shared-subscription-results.ts';
import { useRevokedStreamEnd } from './plugins/use-revoked-stream-end.ts';
import { useParseAndValidationCache } from './plugins/use-parse-and-validation-cache.ts';
import { getSchema } from './schema.ts';
import { trackDatabaseOutages } from './database-outage.ts';
import { createApiKeyCache } from '../tenants/api-key-cache.ts';
import { prepareSchemaChecks } from '../schemas/check-schema.ts';
import type { Tenant } from '../tenants/api-keys.ts';

/**
 * What a request brings to its context besides the HTTP request: over graphql-ws, the connection's
 * parameters and the tenant its connection_init authenticated (http-server.ts).
 */
interface ServerContext {
  connectionParams?: Record<string, unknown>;
  connectionTenant?: Tenant;
}

export type Api = YogaServerInstance<ServerContext, ApiContext>;

export const GRAPHQL_PATH = '/graphql';

/**
 * Builds the GraphQL HTTP handler without listening, so tests call `api.fetch` directly and the
 * composition roots decide where it listens (see http-server.ts).
 */
export function createApi(deps: ApiDeps): Api {
  // A child logger per tenant, not per request: the key cache (tenants/api-key-cache.ts) hands out
  // the same Tenant object while it trusts the key, and a pino child costs its bindings' serialising.
  const tenantLoggers = new WeakMap<Tenant, ApiContext['logger']>();
  const loggerOf = (tenant: Tenant) => {
    let logger = tenantLoggers.get(tenant);
    if (!logger) tenantLoggers.set(tenant, (logger = deps.logger.child({ tenantId: tenant.id })));
    return logger;
  };
  // One per API: every request with a key shares its lookups (see api-key-cache.ts).
  const apiKeys = createApiKeyCache(deps.db);
  // At boot, not on the first request that checks a schema (see prepareSchemaChecks).
  prepareSchemaChecks();
  const outages = trackDatabaseOutages(deps.logger);
  // An HTTP request's key; an upload's is checked before its body is received (use-uploads-on-disk.ts), through the cache again here.
  const authenticateHttp = (request: Request, clientAddress: string | undefined) => authenticate(apiKeys, request.headers.get('authorization'), clientAddress);
  return createYoga<ServerContext, ApiContext>({
    schema: getSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    // Ours (use-graphiql-page.ts), which serves the page compressed and with a validator.
    graphiql: false,
    logging: false,
    multipart: true,
    // Ours instead, last among the plugins where yoga puts its own (use-parse-and-validation-cache.ts).
    parserAndValidationCache: false,
    // Off: useRequestSizeLimit bounds every body from its Content-Length before a byte is read and
    // refuses a chunked body without one, and Node's HTTP parser delivers exactly Content-Length
    // bytes, so no body can lie about its size. That rests on the parser being strict: it refuses
    // (400) a request with both Content-Length and Transfer-Encoding, or two Content-Lengths, before
    // yoga sees it. `insecureHTTPParser` (option or --insecure-http-parser) must never be enabled.
    // Yoga's limit re-streamed every request body through a TransformStream and a new Request to
    // count it, and aborted the pipe with a DOMException (stack trace included) at its end: ~4% of
    // the API's CPU per job start (issue 18). With it off, and no multipart file-size limit set,
    // yoga raises no REQUEST_ENTITY_TOO_LARGE of its own.
    maxRequestBodySize: false,
    context: async ({ request, connectionParams, connectionTenant, req }: ServerContext & { request: Request; req?: IncomingMessage }) => {
      // A graphql-ws operation runs as the tenant its connection authenticated as (and was
      // rate-limited for) at connection_init: no key lookup per subscribe. Once open-streams.ts
      // finds the key revoked (within a second), http-server.ts refuses the socket's new operations
      // and closes it, which ends its subscriptions.
      const tenant =
        connectionTenant ??
        (connectionParams
          ? await authenticate(apiKeys, connectionParams.authorization)
          : await authenticateHttp(request, req?.socket.remoteAddress));
      return { tenant, deps, logger: loggerOf(tenant) };
    },
    maskedErrors: {
      maskError(error) {
        const candidate = error instanceof GraphQLError && error.originalError ? error.originalError : error;
        if (isAppError(candidate)) {
          return error instanceof GraphQLError && error !== candidate
            ? new GraphQLError(candidate.message, {
                nodes: error.nodes,
                path: error.path,
                extensions: candidate.extensions,
              })
            : candidate;
        }
        if (isRequestError(error)) return appError('BAD_USER_INPUT', stripSuggestions(error.message), {});
        const outage = outages.answerFor(candidate);
        if (outage) return outage;
        deps.logger.error({ err: toError(candidate), path: error instanceof GraphQLError ? error.path : undefined }, 'internal error');
        return appError('INTERNAL', 'Internal server error.');
      },
    },
    plugins: [
      ...(deps.graphiql ? [useGraphiqlPage(GRAPHQL_PATH)] : []),
      useRequestSizeLimit({ maxRequestBytes: deps.limits.maxRequestBytes, maxUploadBytes: deps.limits.maxUploadBytes }),
      useUploadsOnDisk({ maxUploadBytes: deps.limits.maxUploadBytes, authenticate: authenticateHttp }),
      useLargeJsonBody({ schemaLimits: deps.limits.schema }),
      useQueryLimits({ maxTokens: deps.limits.maxQueryTokens, maxDepth: deps.limits.maxQueryDepth }),
      useReadyEndpoint({ endpoint: '/ready', check: async () => deps.isReady() }),
      useRequestLog(deps.logger),
      useNotFoundAnswer(GRAPHQL_PATH),
      useErrorStatusExtension(),
      // A job's live event is executed once per process for all its subscribers (see the plugin).
      useSharedSubscriptionResults(['jobProgress']),
      useRevokedStreamEnd(),
      useParseAndValidationCache(),
    ],
  });
}

/**
 * Parse, validation and variable-coercion errors describe the caller's request: no resolver ran
 * (no path), and what they wrap, if anything, is a GraphQLError (a scalar or enum refusing a
 * value), never an exception of our own code.
 */
function isRequestError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && !error.path && (!error.originalError || error.originalError instanceof GraphQLError);
}
