import { appError } from '../errors.ts';
import type { ApiKeyCache } from '../tenants/api-key-cache.ts';
import type { Tenant } from '../tenants/api-keys.ts';
import { authFailures } from './auth-failure-limiter.ts';

/** Reads `Bearer <key>` from a header value or a graphql-ws connection_init payload. */
export function bearerToken(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1] ?? null;
}

export function connectionParamsAuthorization(params: unknown): unknown {
  if (!params || typeof params !== 'object') return undefined;
  const record = params as Record<string, unknown>;
  // The documented key is `authorization`; accept the header's usual spelling too.
  return record.authorization ?? record.Authorization;
}

/**
 * The key is looked up through the API process's cache (api-key-cache.ts: at most every half
 * second per key, and kept warm while in use; see there for how revocation still takes effect). `clientAddress` (when known)
 * is rate-limited on failures: see auth-failure-limiter.ts. A refusal for too many failures is
 * UNAUTHENTICATED with HTTP 429 and `retryAfterSeconds`.
 */
export async function authenticate(keys: ApiKeyCache, authorization: unknown, clientAddress?: string): Promise<Tenant> {
  if (clientAddress) {
    const wait = authFailures.retryAfterSeconds(clientAddress);
    if (wait > 0) throw tooManyFailures(wait);
  }
  const key = bearerToken(authorization);
  if (!key) {
    if (clientAddress) authFailures.recordFailure(clientAddress);
    const given = typeof authorization === 'string' && authorization.trim() !== '';
    throw appError(
      'UNAUTHENTICATED',
      given
        ? 'The Authorization header must be "Bearer <key>" (the word Bearer, a space, then the key).'
        : 'Missing API key: send the header "Authorization: Bearer <key>".',
    );
  }
  const tenant = await keys.tenantOf(key);
  if (!tenant) {
    if (clientAddress) authFailures.recordFailure(clientAddress);
    throw appError('UNAUTHENTICATED', 'Unknown or revoked API key.');
  }
  return tenant;
}

function tooManyFailures(retryAfterSeconds: number) {
  const error = appError('UNAUTHENTICATED', `Too many failed authentications from this address; try again in ${retryAfterSeconds} s.`, {
    retryAfterSeconds,
  });
  (error.extensions as { http: { status: number; headers?: Record<string, string> } }).http = {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds) },
  };
  return error;
}
