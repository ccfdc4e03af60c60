/**
 * The path of an absolute URL as the request carries it (`http://host/path?query`), found by
 * string search: yoga's parsed `url` builds a URL object on first use, a cost every GraphQL
 * request would pay here for nothing. Not normalised (`/./ready` is not `/ready`), as no client
 * of these endpoints (a probe, the CLI, a browser) sends such a path.
 */
export function pathOf(url: string): string {
  const scheme = url.indexOf('://');
  let start = scheme < 0 ? 0 : scheme + 3;
  // The authority ends at the path, or at the query or fragment when there is no path.
  while (start < url.length && url[start] !== '/' && url[start] !== '?' && url[start] !== '#') start++;
  let end = start;
  while (end < url.length && url[end] !== '?' && url[end] !== '#') end++;
  return url.slice(start, end) || '/';
}
