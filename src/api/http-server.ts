import { createServer, type Server } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { OperationResult } from 'graphql-ws';
import type { Logger } from '../logger.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';
import { findTenantByApiKey, hashApiKey, type Tenant } from '../tenants/api-keys.ts';
import { authFailures } from './auth-failure-limiter.ts';
import { bearerToken, connectionParamsAuthorization } from './authenticate.ts';
import { trackOpenStreams } from './open-streams.ts';
import { markRevocable } from './sse-revocation.ts';
import { GRAPHQL_PATH, type Api } from './create-api.ts';
import { serveGraphqlWs } from './graphql-ws-transport.ts';
import { withReviewRoutes } from '../review/review-routes.ts';

/** Yoga's execute and subscribe for one graphql-ws operation, carried in its rootValue (see onSubscribe). */
interface Enveloped {
  execute(args: ExecutionArgs): OperationResult;
  subscribe(args: ExecutionArgs): OperationResult;
}

/** What onConnect learnt of a graphql-ws connection's key, kept on the connection for its operations. */
interface ConnectionAuth {
  keyHash: string;
  tenant: Tenant;
  /** Set once open-streams.ts found the key revoked: the connection's tenant is no longer trusted. */
  revoked?: boolean;
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Headers must arrive within this time (a client trickling them is dropped). */
const HEADERS_TIMEOUT_MS = 15_000;
/**
 * The whole request, body included, must arrive within this time: a 1 KB/s upload is not held
 * open for ever, while a 50 MB upload needs only ~0.4 MB/s. Responses (SSE streams) are not bound.
 */
const REQUEST_TIMEOUT_MS = 120_000;
/** How often Node checks those timeouts (its default, 30 s, would let a trickle run 30 s over). */
const TIMEOUT_CHECK_MS = 5_000;
/**
 * After a revoked key's socket is sent its close frame, how long the client gets to answer it
 * before the TCP connection is cut (ws itself would wait 30 s, reading the client's messages); and
 * how long a revoked SSE response may take to send its error and end before it is cut.
 */
const REVOKED_SOCKET_GRACE_MS = 1_000;
/** Open subscriptions on one graphql-ws socket, and of one API key over all sockets and SSE streams. */
export const MAX_SUBSCRIPTIONS_PER_SOCKET = 50;
const MAX_SUBSCRIPTIONS_PER_KEY = 200;

/**
 * Serves the API over HTTP (queries, mutations, uploads, SSE subscriptions, GraphiQL) and
 * graphql-ws on the same port and path.
 */
export async function listenHttp(
  api: Api,
  options: {
    port: number;
    host: string;
    db: Kysely<Database>;
    logger: Logger;
    /**
     * How long a stop lets the requests in flight (an upload being received or read, an
     * estimate) end with their answer before it cuts their connections.
     */
    drainMs: number;
    /** Tests shorten these; the service uses the defaults above. */
    timeouts?: { headersMs: number; requestMs: number; checkEveryMs: number };
  },
): Promise<RunningHttpServer> {
  const timeouts = options.timeouts ?? { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS, checkEveryMs: TIMEOUT_CHECK_MS };
  const streams = trackOpenStreams(options.db, options.logger);
  // The browser pages (home, review, the PDF they draw) sit in front of GraphQL: src/review.
  const pages = withReviewRoutes(api, { db: options.db, logger: options.logger });
  // Requests not yet answered (their response not closed), for a stop to wait for; `drained`
  // is set by a stop that waits.
  let inFlight = 0;
  let drained: (() => void) | null = null;
  const server = createServer(
    { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    (req, res) => {
      inFlight++;
      res.once('close', () => {
        if (--inFlight === 0) drained?.();
      });
      // SSE subscriptions are tracked by key so that revoking the key ends them (open-streams.ts).
      const key = String(req.headers.accept ?? '').includes('text/event-stream') ? bearerToken(req.headers.authorization) : null;
      if (key) {
        const keyHash = hashApiKey(key);
        if (streams.subscriptionsOf(keyHash) >= MAX_SUBSCRIPTIONS_PER_KEY) {
          res.writeHead(429, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errors: [tooManySubscriptions('this API key', MAX_SUBSCRIPTIONS_PER_KEY)] }));
          return;
        }
        // A revocation ends the subscription with an UNAUTHENTICATED error event and `complete`
        // (sse-revocation.ts); a client that does not read them is cut off after the grace period.
        const revoke = markRevocable(req);
        const untrack = streams.add(keyHash, {
          subscriptions: () => 1,
          close: (reason) => {
            revoke(reason);
            setTimeout(() => {
              if (!res.writableFinished) res.destroy();
            }, REVOKED_SOCKET_GRACE_MS).unref();
          },
        });
        res.once('close', untrack);
      }
      void pages(req, res);
    },
  );
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });

  const wsServer = serveGraphqlWs(
    {
      // connection_init must carry { authorization: "Bearer <key>" }. A bad key closes the socket
      // with 4403 and the reason says UNAUTHENTICATED, before any operation runs.
      onConnect: async (ctx) => {
        const address = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        const wait = authFailures.retryAfterSeconds(address);
        if (wait > 0) {
          ctx.extra.socket.close(4429, `UNAUTHENTICATED: too many failed authentications; try again in ${wait} s`);
          return false;
        }
        const key = bearerToken(connectionParamsAuthorization(ctx.connectionParams));
        const tenant = key ? await findTenantByApiKey(options.db, key) : null;
        if (!key || !tenant) {
          authFailures.recordFailure(address);
          ctx.extra.socket.close(4403, 'UNAUTHENTICATED: missing or unknown API key in connection_init');
          return false;
        }
        const keyHash = hashApiKey(key);
        const auth: ConnectionAuth = { keyHash, tenant };
        Object.assign(ctx.extra, auth);
        const socket = ctx.extra.socket;
        const untrack = streams.add(keyHash, {
          subscriptions: () => Object.keys(ctx.subscriptions).length,
          close: (reason) => {
            // Operations run as the tenant authenticated here, so from now on onSubscribe refuses
            // them. ws keeps reading a CLOSING socket's messages until the client answers the close
            // frame; a client that never does is cut off after the grace period.
            (ctx.extra as Partial<ConnectionAuth>).revoked = true;
            socket.close(4403, reason);
            setTimeout(() => socket.terminate(), REVOKED_SOCKET_GRACE_MS).unref();
          },
        });
        socket.once('close', untrack);
        return true;
      },
      // Yoga's enveloped execute/subscribe travel in rootValue (see onSubscribe), so plugins run.
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        // A revoked key's socket is closing (see onConnect): nothing more runs as its tenant, even
        // if the client ignores the close frame and keeps sending.
        if ((ctx.extra as Partial<ConnectionAuth>).revoked || ctx.extra.socket.readyState !== ctx.extra.socket.OPEN) {
          return [appError('UNAUTHENTICATED', 'The API key was revoked or the connection is closing; reconnect with a valid key.')];
        }
        // graphql-ws has already put this one in ctx.subscriptions (as null), so it is counted.
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_SOCKET) {
          return [tooManySubscriptions('one socket', MAX_SUBSCRIPTIONS_PER_SOCKET)];
        }
        const { keyHash, tenant } = ctx.extra as Partial<ConnectionAuth>;
        if (keyHash && streams.subscriptionsOf(keyHash) > MAX_SUBSCRIPTIONS_PER_KEY) {
          return [tooManySubscriptions('this API key', MAX_SUBSCRIPTIONS_PER_KEY)];
        }
        const { schema, execute, subscribe, contextFactory, parse, validate } = api.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (error) {
          return [error as GraphQLError];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory({ connectionParams: ctx.connectionParams, ...(tenant && { connectionTenant: tenant }) }),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
    options.logger,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
  options.logger.info({ url: `${url}${GRAPHQL_PATH}` }, 'API listening');

  let closing: Promise<void> | null = null;
  return {
    server,
    url,
    close: () =>
      (closing ??= (async () => {
        streams.stop();
        await wsServer.dispose();
        await new Promise<void>((resolve) => {
          wss.close(() => resolve());
        });
        // No new connection from here, and idle keep-alive ones are closed (Node's close); a
        // request in flight gets its answer, up to drainMs, rather than a cut connection (SSE
        // streams, which never end by themselves, were ended above).
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        if (inFlight > 0) {
          await Promise.race([new Promise<void>((resolve) => (drained = resolve)), delay(options.drainMs, undefined, { ref: false })]);
        }
        server.closeAllConnections();
        await closed;
      })()),
  };
}

function tooManySubscriptions(scope: string, max: number): GraphQLError {
  return new GraphQLError(`Too many open subscriptions on ${scope} (at most ${max}); complete some before starting more.`, {
    extensions: { code: 'BAD_USER_INPUT', maxSubscriptions: max },
  });
}
