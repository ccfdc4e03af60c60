import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { activeKeyHashes } from '../tenants/api-keys.ts';
import { toError } from '../to-error.ts';

/**
 * The long-lived connections this API process serves, by API key: graphql-ws sockets and SSE
 * responses. Two jobs:
 * - a revoked key loses its open subscriptions within a second: while any stream is open, the
 *   process checks every POLL_MS which of its keys are still active and closes the streams of the
 *   others. Polling (not LISTEN/NOTIFY) also catches a key revoked by hand in SQL, deleted keys,
 *   and revocations made while this process was disconnected from Postgres;
 * - the per-key cap on open subscriptions, counted over sockets and SSE streams together.
 */

const POLL_MS = 500;

interface StreamHandle {
  /** Open subscriptions on this stream (a socket carries many, an SSE response one). */
  subscriptions(): number;
  close(reason: string): void;
}

export interface OpenStreams {
  /** Registers a stream of a key; the returned function unregisters it (call it on close). */
  add(keyHash: string, stream: StreamHandle): () => void;
  subscriptionsOf(keyHash: string): number;
  stop(): void;
}

export function trackOpenStreams(db: Kysely<Database>, logger: Logger): OpenStreams {
  const byKey = new Map<string, Set<StreamHandle>>();
  let timer: NodeJS.Timeout | null = null;
  let checking = false;

  const check = async () => {
    if (checking) return; // a slow database must not pile up checks
    checking = true;
    try {
      const keys = [...byKey.keys()];
      const active = await activeKeyHashes(db, keys);
      for (const key of keys) {
        if (active.has(key)) continue;
        for (const stream of byKey.get(key) ?? []) stream.close('UNAUTHENTICATED: the API key was revoked');
        byKey.delete(key);
      }
    } catch (error) {
      logger.warn({ err: toError(error) }, 'could not check open subscriptions for revoked API keys; will retry');
    } finally {
      checking = false;
    }
  };

  const updateTimer = () => {
    if (byKey.size > 0 && !timer) {
      timer = setInterval(() => void check(), POLL_MS);
      timer.unref();
    } else if (byKey.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };

  return {
    add(keyHash, stream) {
      let set = byKey.get(keyHash);
      if (!set) byKey.set(keyHash, (set = new Set()));
      set.add(stream);
      updateTimer();
      return () => {
        const current = byKey.get(keyHash);
        current?.delete(stream);
        if (current?.size === 0) byKey.delete(keyHash);
        updateTimer();
      };
    },
    subscriptionsOf(keyHash) {
      let total = 0;
      for (const stream of byKey.get(keyHash) ?? []) total += stream.subscriptions();
      return total;
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
      byKey.clear();
    },
  };
}
