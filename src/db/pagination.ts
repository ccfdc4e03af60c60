import { sql, type SelectQueryBuilder } from 'kysely';
import { appError } from '../errors.ts';

/** Newest-first keyset pagination over (created_at, id): stable while rows are added or removed. */
interface Cursor {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  first: number;
  after: Cursor | null;
}

const MAX_PAGE_SIZE = 100;

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.createdAt.toISOString()}|${cursor.id}`, 'utf8').toString('base64url');
}

export function parsePageRequest(first: number | null | undefined, after: string | null | undefined): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw appError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE_SIZE}, got ${size}`);
  }
  if (after === null || after === undefined || after === '') return { first: size, after: null };
  const [iso, id] = Buffer.from(after, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || Number.isNaN(createdAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw appError('BAD_USER_INPUT', 'after is not a cursor returned by this API');
  }
  return { first: size, after: { createdAt, id } };
}

export interface Connection<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Turns `first + 1` fetched rows into a page: the extra row only tells that more exist. */
export function toConnection<T extends { id: string; createdAt: Date }>(rows: T[], first: number): Connection<T> {
  const nodes = rows.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last) : null },
  };
}

/**
 * One page of a newest-first listing: rows strictly after the cursor in (created_at, id) order,
 * one more than asked for (toConnection reads the extra row as "there is a next page").
 */
export function newestFirstPage<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, page: PageRequest): SelectQueryBuilder<DB, TB, O> {
  const after = page.after ? query.where(sql<boolean>`(created_at, id) < (${page.after.createdAt}, ${page.after.id}::uuid)`) : query;
  return after.orderBy(sql`created_at`, 'desc').orderBy(sql`id`, 'desc').limit(page.first + 1);
}
