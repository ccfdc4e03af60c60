import { createClient } from 'graphql-ws';
import { toError } from '../to-error.ts';
import { CliError } from './cli-error.ts';
import { graphqlFailure } from './graphql-client.ts';
import { isTerminalEvent, type JobEventJson } from './job-events.ts';
import { JOB_PROGRESS } from './operations.ts';

/** graphql-ws close code the server uses for a missing or unknown API key. */
const UNAUTHENTICATED_CLOSE = 4403;

/**
 * Streams a job's events over graphql-ws until its terminal status event, which it returns.
 *
 * A dropped connection is retried; graphql-ws then subscribes again with the same variables, so
 * the server replays the log from the start and events already seen (seq <= the last one) are
 * skipped: `onEvent` sees every seq once, in order.
 */
export function followJob(options: {
  url: string;
  apiKey: string;
  jobId: string;
  onEvent: (event: JobEventJson) => void;
}): Promise<JobEventJson> {
  const client = createClient({
    url: options.url.replace(/^http/, 'ws'),
    connectionParams: { authorization: `Bearer ${options.apiKey}` },
    lazy: true,
    retryAttempts: 5,
    shouldRetry: (event) => isCloseEvent(event) && event.code !== UNAUTHENTICATED_CLOSE,
  });
  let lastSeq = 0;
  let terminal: JobEventJson | null = null;
  return new Promise<JobEventJson>((resolve, reject) => {
    client.subscribe<{ jobProgress: JobEventJson }>(
      { query: JOB_PROGRESS, variables: { jobId: options.jobId } },
      {
        next: (message) => {
          if (message.errors?.length) {
            reject(graphqlFailure(message.errors));
            return;
          }
          const event = message.data?.jobProgress;
          if (!event || event.seq <= lastSeq) return;
          lastSeq = event.seq;
          options.onEvent(event);
          if (isTerminalEvent(event)) terminal = event;
        },
        error: (error) => reject(subscriptionFailure(error, options.url)),
        complete: () =>
          terminal
            ? resolve(terminal)
            : reject(new CliError('failed', `The event stream of job ${options.jobId} ended before the job finished.`)),
      },
    );
  }).finally(() => client.dispose());
}

function isCloseEvent(value: unknown): value is { code: number; reason: string } {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'number' && 'reason' in value;
}

function subscriptionFailure(error: unknown, url: string): CliError {
  if (Array.isArray(error)) return graphqlFailure(error);
  if (isCloseEvent(error)) {
    const code = error.code === UNAUTHENTICATED_CLOSE ? 'UNAUTHENTICATED' : null;
    return new CliError('failed', `The subscription to ${url} closed (${error.code}${error.reason ? `: ${error.reason}` : ''}).`, code);
  }
  return new CliError('failed', `The subscription to ${url} failed: ${toError(error).message}`);
}
