import type { ModelProvider } from '../domain/types.ts';
import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';

/**
 * How long a job's end waits for its model provider's release (Gemini: deleting its context caches
 * and uploaded files over HTTP) before abandoning it. The release is part of the job's tail, and a
 * slot fetches its job after next only once that tail has ended (run-while-ready.ts): a delete that
 * hangs must not hold the slot (nor pg-boss's handler, nor a stop) for undici's 300 s.
 */
const RELEASE_LIMIT_MS = 3_000;

/**
 * Releases `provider`, waiting at most `limitMs`; then its requests still in flight are aborted and
 * the release abandoned with a warning. Nothing is lost that will not go by itself: context caches
 * expire by their TTL, uploaded files after 48 hours. Never throws.
 */
export async function releaseProvider(provider: ModelProvider, log: Logger, limitMs = RELEASE_LIMIT_MS): Promise<void> {
  if (!provider.dispose) return;
  const abandon = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), limitMs)));
  const released = provider.dispose(abandon.signal).then(
    () => 'released' as const,
    (e: unknown) => {
      log.warn({ err: toError(e) }, 'could not release the model provider');
      return 'released' as const;
    },
  );
  try {
    if ((await Promise.race([released, expired])) === 'expired') {
      abandon.abort(new Error(`the model provider's release took longer than ${limitMs} ms`));
      log.warn({ limitMs }, 'model provider not released in time: abandoned (context caches expire by their TTL, uploaded files after 48 hours)');
    }
  } finally {
    clearTimeout(timer);
  }
}
