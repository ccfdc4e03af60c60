import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionArgs } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import WebSocket, { WebSocketServer } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { serveGraphqlWs } from '../../src/api/graphql-ws-transport.ts';
import { useSharedSubscriptionResults } from '../../src/api/plugins/use-shared-subscription-results.ts';
import { createLogger } from '../../src/logger.ts';
import { subscribeAll } from '../helpers/test-app.ts';

/**
 * A live event shared by many graphql-ws subscribers is meant to be serialised once and written
 * straight to each socket (subscription-next-sink.ts), skipping the per-result hooks. Its output is
 * byte for byte what the usual path writes, so only the hooks it skips can tell the two apart:
 * these tests count the results that went through envelop's per-result `onNext`.
 */
describe('shared subscription results over graphql-ws', () => {
  const ticks = [{ n: 1 }, { n: 2 }, { n: 3 }];
  let closeAll: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeAll?.();
    closeAll = undefined;
  });

  it('go straight to the sockets, not through the per-result hooks, when the transport offers a sink', async () => {
    const server = await serve({ withOnNext: false });
    const [a, b] = await Promise.all([subscribeAll(server.client(), TICKS, {}), subscribeAll(server.client(), TICKS, {})]);
    expect(a).toEqual({ events: ticks.map((tick) => ({ tick })), errors: [] });
    expect(b).toEqual(a);
    expect(server.resultsThroughHooks()).toBe(0);
  });

  it('take the usual path, one per subscriber and event, when graphql-ws has an onNext that must see every message', async () => {
    const server = await serve({ withOnNext: true });
    const [a, b] = await Promise.all([subscribeAll(server.client(), TICKS, {}), subscribeAll(server.client(), TICKS, {})]);
    expect(a).toEqual({ events: ticks.map((tick) => ({ tick })), errors: [] });
    expect(b).toEqual(a);
    expect(server.resultsThroughHooks()).toBe(2 * ticks.length);
  });

  /**
   * A yoga server wired to serveGraphqlWs as http-server.ts wires the real one, whose `tick`
   * subscription hands every subscriber the same event objects once both have subscribed.
   */
  async function serve(options: { withOnNext: boolean }) {
    let subscribed = 0;
    let bothSubscribed: () => void = () => {};
    const ready = new Promise<void>((resolve) => (bothSubscribed = resolve));
    let throughHooks = 0;
    const countResults: Plugin = {
      onSubscribe: () => ({ onSubscribeResult: () => ({ onNext: () => void (throughHooks += 1) }) }),
    };
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: 'type Query { ok: Boolean } type Tick { n: Int! } type Subscription { tick: Tick! }',
        resolvers: {
          Subscription: {
            tick: {
              subscribe: async function* () {
                if (++subscribed === 2) bothSubscribed();
                await ready;
                yield* ticks;
              },
              resolve: (event: unknown) => event,
            },
          },
        },
      }),
      logging: false,
      plugins: [useSharedSubscriptionResults(['tick']), countResults],
    });
    const http: Server = createServer();
    const wss = new WebSocketServer({ server: http, path: '/graphql' });
    type Enveloped = ReturnType<typeof yoga.getEnveloped>;
    const transport = serveGraphqlWs(
      {
        execute: (args: ExecutionArgs) => (args.rootValue as Enveloped).execute(args) as never,
        subscribe: (args: ExecutionArgs) => (args.rootValue as Enveloped).subscribe(args) as never,
        onSubscribe: async (ctx, _id, params) => {
          const { schema, execute, subscribe, contextFactory, parse } = yoga.getEnveloped({ ...ctx, params });
          return {
            schema,
            document: parse(params.query),
            variableValues: params.variables,
            contextValue: await contextFactory(),
            rootValue: { execute, subscribe },
          } as never;
        },
        ...(options.withOnNext && { onNext: () => undefined }),
      },
      wss,
      createLogger('silent', 'test'),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const clients: Client[] = [];
    closeAll = async () => {
      await Promise.all(clients.map((client) => client.dispose()));
      await transport.dispose();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    };
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/graphql`;
    return {
      client() {
        const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
        clients.push(client);
        return client;
      },
      resultsThroughHooks: () => throughHooks,
    };
  }
});

const TICKS = 'subscription { tick { n } }';
