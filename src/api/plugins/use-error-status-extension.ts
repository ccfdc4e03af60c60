import type { Plugin } from 'graphql-yoga';
import { ERROR_STATUS, type ErrorCode } from '../../errors.ts';

interface SerializedError {
  extensions?: Record<string, unknown>;
}

/**
 * The contract promises `extensions.http.status` on every error. Yoga uses that field to pick the
 * response status and then removes it from the JSON it sends; this puts the status of the
 * error's code back, through the per-result `stringify` hook Yoga calls when serialising.
 */
export function useErrorStatusExtension(): Plugin {
  return {
    onResultProcess({ result }) {
      const results = Array.isArray(result) ? result : [result];
      for (const item of results) {
        if (item && typeof item === 'object' && 'errors' in item && Array.isArray(item.errors) && item.errors.length > 0) {
          (item as { stringify?: (value: unknown) => string }).stringify = stringifyWithStatus;
        }
      }
    },
  };
}

function stringifyWithStatus(value: unknown): string {
  const result = value as { errors?: unknown[] };
  if (!Array.isArray(result?.errors)) return JSON.stringify(value);
  return JSON.stringify({
    ...result,
    errors: result.errors.map((error) => {
      const serialized = (typeof (error as { toJSON?: () => unknown }).toJSON === 'function'
        ? (error as { toJSON: () => unknown }).toJSON()
        : error) as SerializedError;
      const code = serialized.extensions?.code;
      if (typeof code !== 'string' || !(code in ERROR_STATUS)) return serialized;
      return { ...serialized, extensions: { ...serialized.extensions, http: { status: ERROR_STATUS[code as ErrorCode] } } };
    }),
  });
}
