import { GraphQLError } from 'graphql';

/** The error codes of the contract, and the HTTP status each one answers with. */
export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  NOT_FOUND: 404,
  UNPROCESSABLE: 422,
  TOO_MANY_ACTIVE_JOBS: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * An expected failure: its message goes to the client as written. Anything else thrown is
 * masked as INTERNAL by the API (details only in the log).
 */
export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, {
    extensions: { ...extensions, code, http: { status: ERROR_STATUS[code] } },
  });
}

export function isAppError(error: unknown): error is GraphQLError {
  return error instanceof GraphQLError && typeof error.extensions?.code === 'string' && error.extensions.code in ERROR_STATUS;
}


const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else is the caller's mistake, never a database error. */
export function parseId(value: string, what: string): string {
  if (!UUID.test(value)) throw appError('BAD_USER_INPUT', `${what} "${truncate(value)}" is not a valid id`);
  return value.toLowerCase();
}

function truncate(value: string): string {
  return value.length > 60 ? `${value.slice(0, 60)}…` : value;
}
