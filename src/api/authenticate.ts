import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { appError } from '../errors.ts';
import { findTenantByApiKey, type Tenant } from '../tenants/api-keys.ts';

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

export async function authenticate(db: Kysely<Database>, authorization: unknown): Promise<Tenant> {
  const key = bearerToken(authorization);
  if (!key) {
    throw appError('UNAUTHENTICATED', 'Missing API key: send the header "Authorization: Bearer <key>".');
  }
  const tenant = await findTenantByApiKey(db, key);
  if (!tenant) throw appError('UNAUTHENTICATED', 'Unknown or revoked API key.');
  return tenant;
}
