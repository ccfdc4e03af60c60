/**
 * The two request headers the pages' static responses are chosen by: Accept-Encoding (is gzip
 * taken?) and If-None-Match (does the client hold this version?). Used by the GraphiQL page and
 * the review page's files.
 */

/** Whether Accept-Encoding takes gzip (by name or `*`) with a quality above 0. */
export function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  const codings = new Map(
    header.split(',').map((part) => {
      const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      return [name, q === undefined ? 1 : Number(q.slice(2))] as const;
    }),
  );
  const quality = codings.get('gzip') ?? codings.get('x-gzip') ?? codings.get('*') ?? 0;
  return quality > 0;
}

export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  // Weak comparison (RFC 9110 13.1.2): W/ is ignored on both sides.
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}
