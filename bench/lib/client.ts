/** A user's client of the public API for benchmarks: GraphQL over HTTP, uploads, graphql-ws. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

const START_JOB = `mutation($i: StartExtractionJobInput!) { startExtractionJob(input: $i) { jobId } }`;
const WATCH = `subscription($j: ID!, $a: Int) { jobProgress(jobId: $j, after: $a) {
  __typename seq at ... on JobStatusEvent { status } } }`;

export interface ReceivedEvent {
  typename: string;
  seq: number;
  /** When the service wrote the event (server clock, same machine). */
  at: number;
  /** When this client received it. */
  receivedAt: number;
  status?: string;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export class GraphQLClient {
  readonly url: string;
  readonly key: string;
  private sockets: Client[] = [];

  constructor(url: string, key: string) {
    this.url = url;
    this.key = key;
  }

  async gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`${this.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (body.errors?.length || !body.data) throw new Error(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data;
  }

  async upload(bytes: Uint8Array, filename: string): Promise<{ id: string; pageCount: number }> {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: 'mutation($f: File!) { uploadDocument(file: $f) { id pageCount } }', variables: { f: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.f'] }));
    form.set('0', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), filename);
    const response = await fetch(`${this.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${this.key}` }, body: form });
    const body = (await response.json()) as any;
    if (!body.data?.uploadDocument) throw new Error(`upload failed: ${JSON.stringify(body.errors)}`);
    return body.data.uploadDocument;
  }

  async startJob(input: Record<string, unknown>): Promise<string> {
    return (await this.gql<{ startExtractionJob: { jobId: string } }>(START_JOB, { i: input })).startExtractionJob.jobId;
  }

  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch(`${this.url}/ready`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the API at ${this.url} did not become ready`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** A new graphql-ws connection (with this client's key, or `key`), kept until close(). */
  socket(key: string = this.key): Client {
    const client = createClient({
      url: `${this.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${key}` },
      retryAttempts: 0,
      lazy: false,
      // Closing the socket at the end of a benchmark is not an error worth printing.
      onNonLazyError: () => {},
    });
    this.sockets.push(client);
    return client;
  }

  /** Follows a job until its terminal status event; resolves with every event as received. */
  watch(socket: Client, jobId: string, after = 0, onEvent?: (event: ReceivedEvent) => void): Promise<ReceivedEvent[]> {
    return new Promise((resolve, reject) => {
      const events: ReceivedEvent[] = [];
      socket.subscribe<any>(
        { query: WATCH, variables: { j: jobId, a: after } },
        {
          next: (message) => {
            const e = message.data?.jobProgress;
            if (!e) return reject(new Error(JSON.stringify(message.errors)));
            const event: ReceivedEvent = { typename: e.__typename, seq: e.seq, at: Date.parse(e.at), receivedAt: Date.now(), status: e.status };
            events.push(event);
            onEvent?.(event);
          },
          error: reject,
          complete: () => resolve(events),
        },
      );
    });
  }

  async waitForStatus(jobId: string, statuses: readonly string[], timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { job } = await this.gql<{ job: { status: string } }>(`query($id: ID!) { job(id: $id) { status } }`, { id: jobId });
      if (statuses.includes(job.status)) return job.status;
      if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Waits for the job to end and throws unless it COMPLETED (a benchmark's figures need a whole job). */
  async waitForCompleted(jobId: string, timeoutMs?: number): Promise<void> {
    const status = await this.waitForStatus(jobId, ['COMPLETED', 'FAILED'], timeoutMs);
    if (status !== 'COMPLETED') throw new Error(`job ${jobId} ${status}`);
  }

  async close(): Promise<void> {
    await Promise.all(this.sockets.splice(0).map((s) => s.dispose()));
  }
}

export const isTerminalEvent = (e: ReceivedEvent) => e.typename === 'JobStatusEvent' && TERMINAL.has(e.status ?? '');
