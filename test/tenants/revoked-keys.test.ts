import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeApiKey } from '../../src/tenants/api-keys.ts';
import { INVOICE_SCHEMA, JOB_PROGRESS, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { openRawWebSocket } from '../helpers/raw-websocket.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// No worker: the job stays PENDING, so its progress subscription stays open until something ends it.
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

/** A tenant with its own key and a PENDING job to watch. */
async function tenantWithPendingJob(): Promise<{ key: string; jobId: string }> {
  const key = await app.newTenant();
  const documentId = await uploadFixture(app, 'invoice-2p.pdf', key);
  const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA }, key);
  return { key, jobId: jobId! };
}

describe('revoking an API key ends its open subscriptions', () => {
  it('a graphql-ws subscription of the revoked key is closed with 4403; another key\'s stays open', async () => {
    const revoked = await tenantWithPendingJob();
    const kept = await tenantWithPendingJob();
    const watch = (key: string, jobId: string) => {
      const events: unknown[] = [];
      let firstEvent!: () => void;
      const opened = new Promise<void>((resolve) => (firstEvent = resolve));
      // Ends with the socket's close event (what any graphql-ws client sees), or with the
      // subscription's own completion.
      const ended = new Promise<{ closeCode?: number; reason?: string }>((resolve) => {
        const client = app.ws(key);
        client.on('closed', (e) => resolve({ closeCode: (e as CloseEvent).code, reason: (e as CloseEvent).reason }));
        client.subscribe(
          { query: JOB_PROGRESS, variables: { jobId } },
          {
            next: (message) => {
              events.push(message);
              firstEvent();
            },
            error: (error) => resolve({ closeCode: (error as CloseEvent).code, reason: (error as CloseEvent).reason }),
            complete: () => resolve({}),
          },
        );
      });
      return { events, opened, ended };
    };
    const a = watch(revoked.key, revoked.jobId);
    const b = watch(kept.key, kept.jobId);
    await Promise.all([a.opened, b.opened]); // both replayed the PENDING status: both streams are live

    expect(await revokeApiKey(app.database.db, revoked.key)).toMatchObject({ kind: 'revoked' });
    expect(await a.ended).toEqual({ closeCode: 4403, reason: 'UNAUTHENTICATED: the API key was revoked' });

    // The other key's subscription still works: a new event reaches it.
    const before = b.events.length;
    const cancelled = await app.gql('mutation($id: ID!) { cancelExtractionJob(jobId: $id) { id status } }', { id: kept.jobId }, { key: kept.key });
    expect(cancelled.data.cancelExtractionJob.status).toBe('CANCELLED');
    expect(await b.ended).toEqual({});
    expect(b.events.length).toBeGreaterThan(before);
  });

  it('a client that ignores the 4403 close frame cannot start a mutation or subscription on its socket, and is cut off', async () => {
    const watched = await tenantWithPendingJob();
    const documentId = await uploadFixture(app, 'invoice-2p.pdf', watched.key);
    const target = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA }, watched.key)).jobId!;
    const client = await openRawWebSocket(app.url.replace(/^http/, 'ws'));
    try {
      client.send({ type: 'connection_init', payload: { authorization: `Bearer ${watched.key}` } });
      await client.waitFor((m) => m.type === 'connection_ack');
      client.send({ id: 'watch', type: 'subscribe', payload: { query: JOB_PROGRESS, variables: { jobId: watched.jobId } } });
      await client.waitFor((m) => m.type === 'next' && m.id === 'watch');

      await revokeApiKey(app.database.db, watched.key);
      expect(await client.closeFrame).toEqual({ code: 4403, reason: 'UNAUTHENTICATED: the API key was revoked' });

      // The revocation has been seen; this client does not answer the close frame and goes on.
      const cancel = 'mutation($id: ID!) { cancelExtractionJob(jobId: $id) { id status } }';
      client.send({ id: 'cancel', type: 'subscribe', payload: { query: cancel, variables: { id: target } } });
      client.send({ id: 'watch-2', type: 'subscribe', payload: { query: JOB_PROGRESS, variables: { jobId: target } } });

      // Until the server cuts the connection, watch whether the mutation ran as the revoked tenant.
      let ended = false;
      void client.ended.then(() => (ended = true));
      const statusOf = async () =>
        (await app.database.db.selectFrom('jobs').select('status').where('id', '=', target).executeTakeFirstOrThrow()).status;
      while (!ended && (await statusOf()) === 'PENDING') await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await statusOf()).toBe('PENDING');
      await client.ended; // cut off, rather than left reading for ws's 30 s close timeout
      // Nothing was sent for the operations started after the close frame.
      expect(client.messages.filter((m: any) => m.id === 'cancel' || m.id === 'watch-2')).toEqual([]);
    } finally {
      client.destroy();
    }
  });

  it('an SSE subscription of the revoked key ends with an UNAUTHENTICATED error event, then complete and a clean end of the response', async () => {
    const { key, jobId } = await tenantWithPendingJob();
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', 'content-type': 'application/json' },
      body: JSON.stringify({ query: JOB_PROGRESS, variables: { jobId } }),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('event: next')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended before its first event: ${received}`);
      received += decoder.decode(value, { stream: true });
    }
    const before = received.length;

    await revokeApiKey(app.database.db, key.slice(0, 7));
    // Read until the server ends the stream: a reset connection (a truncated transfer) fails here.
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    const events = received
      .slice(before)
      .split('\n\n')
      .filter((block) => block.startsWith('event:'));
    expect(events).toHaveLength(2);
    const [next, complete] = events as [string, string];
    expect(next.split('\n')[0]).toBe('event: next');
    const result = JSON.parse(next.split('\n')[1]!.replace(/^data: /, '')) as { data?: unknown; errors: Array<{ message: string; extensions: { code: string } }> };
    expect(result.errors).toEqual([expect.objectContaining({ message: 'UNAUTHENTICATED: the API key was revoked', extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) })]);
    expect(complete.split('\n')[0]).toBe('event: complete');
    expect(received).not.toContain('"status":"CANCELLED"');
  });

  it('a revoked key is refused for new requests at once', async () => {
    const key = await app.newTenant();
    expect((await app.gql('{ viewer { id } }', {}, { key })).data.viewer.id).toBeTruthy();
    await revokeApiKey(app.database.db, key);
    const response = await app.gql('{ viewer { id } }', {}, { key });
    expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
