/**
 * A failure the CLI reports as one message on stderr and an exit code, without a stack trace.
 * `usage` (exit 2) is the caller's command line; `failed` (exit 1) is everything the server or
 * the job refused, with the server's own message and error code.
 */
export class CliError extends Error {
  readonly kind: 'usage' | 'failed';
  /** The server's `extensions.code`, e.g. UNAUTHENTICATED, when the server sent one. */
  readonly code: string | null;

  constructor(kind: 'usage' | 'failed', message: string, code: string | null = null) {
    super(message);
    this.name = 'CliError';
    this.kind = kind;
    this.code = code;
  }

  get exitCode(): number {
    return this.kind === 'usage' ? 2 : 1;
  }
}

export function usageError(message: string): CliError {
  return new CliError('usage', message);
}
