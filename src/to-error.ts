/**
 * Every `catch (e)` goes through here, so the rest of the code can rely on an Error. It lives
 * apart from errors.ts (which builds GraphQL errors) so the pipeline can use it too.
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : `Non-error thrown: ${safeString(value)}`);
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
