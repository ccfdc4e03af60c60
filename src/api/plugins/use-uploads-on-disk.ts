import type { FileHandle } from 'node:fs/promises';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { receiveMultipart, type ReceivedMultipart } from '../receive-multipart.ts';

/**
 * GraphQL multipart requests (uploads) are received to temporary files instead of memory
 * (receive-multipart.ts): the resolver gets an UploadOnDisk for each file, whose descriptor the
 * upload's reader child reads itself and the upload reads once, only to store it
 * (documents.service.ts). Every file a request opened is closed when its response is ready,
 * whatever it is (stored, refused, its client gone), which frees its disk space; the request's
 * own parsing failures close theirs at once.
 *
 * The rest is yoga's own multipart handling, with its answers: `operations` and `map` fields, each
 * file set at the paths the map gives (graphql-multipart-request-spec).
 */
export function useUploadsOnDisk(options: { maxUploadBytes: number }): Plugin {
  const opened = new WeakMap<Request, FileHandle[]>();
  return {
    onRequestParse({ request, setRequestParser }) {
      if (request.method !== 'POST' || !/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return;
      setRequestParser(async (req) => {
        let received: ReceivedMultipart;
        try {
          received = await receiveMultipart(req, options.maxUploadBytes);
        } catch (error) {
          if (req.signal?.aborted) throw error;
          throw createGraphQLError(`POST body sent invalid multipart data: ${(error as Error).message}`, {
            extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
          });
        }
        opened.set(request, received.handles);
        return operationsOf(received);
      });
    },
    async onResponse({ request }) {
      const handles = opened.get(request);
      if (!handles) return;
      opened.delete(request);
      await Promise.allSettled(handles.map((handle) => handle.close()));
    },
  };
}

/** The GraphQL request of a multipart body, with its files in place, as yoga's own parser makes it. */
function operationsOf({ fields, files }: ReceivedMultipart): Record<string, unknown> {
  const operationsField = fields.get('operations');
  if (!operationsField) throw createGraphQLError('Missing multipart form field "operations"');
  const operations = parseJson(operationsField, 'operations') as Record<string, unknown>;
  const mapField = fields.get('map');
  // Not an object or array: nothing to set files in; yoga refuses it as any request of that shape.
  if (mapField === undefined || typeof operations !== 'object' || operations === null) return operations;
  const map = parseJson(mapField, 'map');
  if (typeof map !== 'object' || map === null) throw createGraphQLError('Multipart form field "map" must be a JSON object');
  for (const [name, paths] of Object.entries(map)) {
    if (!Array.isArray(paths)) throw createGraphQLError(`Multipart form field "map" must give a list of paths for "${name}"`);
    const file = files.get(name) ?? fields.get(name) ?? null;
    for (const path of paths) setAtPath(operations, String(path), file);
  }
  return operations;
}

function parseJson(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw createGraphQLError(`Multipart form field "${field}" must be a valid JSON string`);
  }
}

/** Sets `value` at a dotted path ("variables.file", "0.variables.files.1"), never on a prototype. */
function setAtPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current = target;
  for (const [i, key] of keys.entries()) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return;
    if (i === keys.length - 1) {
      current[key] = value;
      return;
    }
    const next = current[key];
    if (!Object.hasOwn(current, key) || typeof next !== 'object' || next === null) current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
}
