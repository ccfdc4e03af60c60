import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { ExecutionArgs } from 'graphql';
import type { Logger } from '../logger.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { findTenantByApiKey } from '../tenants/api-keys.ts';
import { bearerToken, connectionParamsAuthorization } from './authenticate.ts';
import { GRAPHQL_PATH, type Api } from './create-api.ts';
import { withReviewRoutes } from '../review/review-routes.ts';

interface Enveloped {
  execute(args: ExecutionArgs): unknown;
  subscribe(args: ExecutionArgs): unknown;
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the API over HTTP (queries, mutations, uploads, SSE subscriptions, GraphiQL) and
 * graphql-ws on the same port and path.
 */
export async function listenHttp(
  api: Api,
  options: { port: number; host: string; db: Kysely<Database>; logger: Logger },
): Promise<RunningHttpServer> {
  // The browser pages (home, review, the PDF they draw) sit in front of GraphQL: src/review.
  const server = createServer(withReviewRoutes(api, { db: options.db, logger: options.logger }));
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });

  const wsServer = useServer(
    {
      // connection_init must carry { authorization: "Bearer <key>" }. A bad key closes the socket
      // with 4403 and the reason says UNAUTHENTICATED, before any operation runs.
      onConnect: async (ctx) => {
        const key = bearerToken(connectionParamsAuthorization(ctx.connectionParams));
        const tenant = key ? await findTenantByApiKey(options.db, key) : null;
        if (!tenant) {
          ctx.extra.socket.close(4403, 'UNAUTHENTICATED: missing or unknown API key in connection_init');
          return false;
        }
        return true;
      },
      // Yoga's enveloped execute/subscribe travel in rootValue (see onSubscribe), so plugins run.
      execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args) as never,
      subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args) as never,
      onSubscribe: async (ctx, _id, params) => {
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
          return [error as never];
        }
        const errors = validate(schema, document);
        if (errors.length > 0) return errors;
        return {
          schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory({ connectionParams: ctx.connectionParams }),
          rootValue: { execute, subscribe },
        } as never;
      },
    },
    wss,
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
        await wsServer.dispose();
        await new Promise<void>((resolve) => {
          wss.close(() => resolve());
        });
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
