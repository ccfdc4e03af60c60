/**
 * The one line a process prints when it cannot reach DATABASE_URL's Postgres at start (run-process.ts):
 * what failed, where (host, port and database from the URL, never its password) and what to
 * check. pg's own errors name none of that, and a level-60 log line with pg's stack buried it.
 */

/** Postgres's codes for a refused login (SQLSTATE class 28) and an unknown database (3D000). */
const REFUSED_BY_SERVER: Record<string, string> = {
  '28P01': 'check the user and password in DATABASE_URL',
  '28000': 'check the user in DATABASE_URL and that pg_hba.conf lets it connect from this host',
  '3D000': 'check the database name in DATABASE_URL, or create it (createdb NAME)',
};

/** Socket errors of a connection that never opened. */
const UNREACHABLE: Record<string, string> = {
  ECONNREFUSED: 'nothing accepts connections there; check that Postgres runs and listens on that host and port',
  ENOTFOUND: 'the host name is not known; check the host in DATABASE_URL',
  EAI_AGAIN: 'the host name could not be looked up; check the host in DATABASE_URL and the DNS',
  ETIMEDOUT: 'the connection timed out; check the host and port in DATABASE_URL and any firewall between',
  EHOSTUNREACH: 'the host cannot be reached; check the host in DATABASE_URL and the network',
};

/**
 * The line for a start-up failure to connect to `databaseUrl`, or null when `failure` is not one
 * (a connection lost after it opened is told apart by its words: pg-connection-errors.ts).
 */
export function startupConnectionFailure(failure: Error, databaseUrl: string): string | null {
  const code = (failure as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  const where = describeTarget(databaseUrl);
  const refused = REFUSED_BY_SERVER[code];
  if (refused) return `could not connect to the database ${where} (DATABASE_URL): ${failure.message}; ${refused}`;
  const unreachable = UNREACHABLE[code];
  if (unreachable) return `could not connect to the database ${where} (DATABASE_URL): ${unreachable}`;
  return null;
}

/** "at host:port, database NAME, user USER": what DATABASE_URL names, without its password. */
function describeTarget(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  // A Unix socket folder may be given as ?host=/var/run/postgresql (libpq's form, which pg reads).
  const host = url.searchParams.get('host') ?? (url.hostname || 'localhost');
  const port = url.port || '5432';
  const database = decodeURIComponent(url.pathname.slice(1)) || '(the user name)';
  const user = url.username ? `, user ${decodeURIComponent(url.username)}` : '';
  return `at ${host}:${port}, database ${database}${user}`;
}
