import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * JSON lines on stdout. Secrets never reach a log line: the redaction list below is the last line
 * of defence; code should not pass keys or document bytes to the logger in the first place.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['authorization', 'headers.authorization', 'apiKey', 'key', '*.apiKey', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });
}
