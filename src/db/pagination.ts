import { appError } from '../errors.ts';

/** Newest-first keyset pagination over (created_at, id): stable while rows are added or removed. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface PageRequest {
  first: number;
  after: Cursor | null;
}

export const MAX_PAGE_SIZE = 100;

export function encodeCursor(cursor: Cursor): string {
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
