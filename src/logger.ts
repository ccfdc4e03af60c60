import { createRequire } from 'node:module';
import { pino, type Logger } from 'pino';

export type { Logger };

/** `pretty`: one coloured line per entry for a person at a terminal; `json`: one object per line for machines. */
export type LogFormat = 'pretty' | 'json';

/**
 * pino writes JSON lines to `fd` (stdout, or stderr for the CLI, whose stdout is the result), or
 * readable lines when the format is `pretty` (the default when that stream is a terminal).
 * Secrets never reach a log line: code does not pass keys or document bytes to the logger in the
 * first place, the error serializer below keeps only an error's own facts, and the redaction list
 * is the last line of defence.
 */
export function createLogger(level: string, name: string, format: LogFormat | null = null, fd: 1 | 2 = 1): Logger {
  const options = {
    name,
    level,
    serializers: { err: serializeError, error: serializeError, warning: serializeError },
    redact: {
      paths: [
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
        'apiKey',
        '*.apiKey',
        'key',
        'password',
        '*.password',
        'connectionString',
        '*.connectionString',
      ],
      censor: '[redacted]',
    },
  };
  const terminal = Boolean((fd === 1 ? process.stdout : process.stderr).isTTY);
  // Synchronous writes, so the lines logged right before process.exit (the shutdown steps) are
  // not lost: pretty lines are formatted in this thread and written at once, not through
  // pino-pretty's stream or a transport worker, which would still hold them at the exit.
  const sink = pino.destination({ fd, sync: true });
  // A closed terminal (EIO after SIGHUP) or a closed pipe (EPIPE) loses the log lines, but must
  // not crash the process in the middle of stopping the service and the embedded Postgres.
  sink.on('error', () => {});
  const write = (text: string) => {
    try {
      sink.write(text);
    } catch {
      // nowhere left to say it
    }
  };
  if ((format ?? (terminal ? 'pretty' : 'json')) === 'json') return pino(options, { write });
  // Loaded only for pretty lines: services log JSON, and what a process imports stays in its memory.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  const prettify = prettyFactory({ colorize: terminal, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  return pino(options, { write: (line: string) => write(prettify(line)) });
}

export interface SerializedError {
  type: string;
  message: string;
  code?: string | number;
  stack?: string;
  cause?: SerializedError;
  [context: string]: unknown;
}

const SECRET_KEY = /api_?key|^key$|secret|password|passwd|authorization|credential|access_?token|refresh_?token|bearer/i;
const MAX_STRING = 300;

/**
 * An error as a log line should carry it: type, message, code, stack, and the error's own small
 * facts (a job id, an HTTP status, a retry count), with its cause. Anything else attached to it
 * is dropped: a `pg` error can carry its client (kilobytes, with the connection's password), an
 * SDK error its request (with the API key), a pipeline error the document's text.
 */
export function serializeError(value: unknown, depth = 0): SerializedError | unknown {
  if (!(value instanceof Error)) {
    if (value && typeof value === 'object' && typeof (value as { message?: unknown }).message === 'string') {
      // pg-boss warnings are plain objects with a message; keep only that.
      return { type: 'Object', message: (value as { message: string }).message };
    }
    return value;
  }
  // The class name, since some libraries give every error the same `name` (pg: "error").
  const className = value.constructor?.name;
  const type = className && className !== 'Error' ? className : value.name || 'Error';
  const serialized: SerializedError = { type, message: value.message };
  for (const [field, fieldValue] of Object.entries(value)) {
    if (field === 'name' || field === 'message' || field === 'stack' || field === 'cause' || SECRET_KEY.test(field)) continue;
    const safe = smallFact(fieldValue);
    if (safe !== undefined) serialized[field] = safe;
  }
  if (value.stack) serialized.stack = value.stack;
  if (value.cause !== undefined && depth < 3) {
    const cause = serializeError(value.cause, depth + 1);
    if (cause && typeof cause === 'object') serialized.cause = cause as SerializedError;
  }
  if (value instanceof AggregateError && depth < 3) {
    serialized.errors = value.errors.slice(0, 5).map((inner) => serializeError(inner, depth + 1));
  }
  return serialized;
}

/** A primitive (long strings cut), or a flat record of primitives such as token counts; nothing else. */
function smallFact(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value);
    if (entries.length > 10 || !entries.every(([k, v]) => !SECRET_KEY.test(k) && (typeof v === 'number' || typeof v === 'boolean'))) return undefined;
    return value;
  }
  return undefined;
}
