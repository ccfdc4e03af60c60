import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { appError } from '../../errors.ts';
import { MultipartRefused, receiveMultipart, type ReceivedMultipart } from '../receive-multipart.ts';
import { MAX_WAITING_PER_KEY, MAX_WAITING_TOTAL } from './use-large-json-body.ts';

/** Multipart bodies being received at once from one client address, and from all together: the large JSON bodies' bound. */
const MAX_RECEIVING_PER_ADDRESS = 1 + MAX_WAITING_PER_KEY;
const MAX_RECEIVING_TOTAL = MAX_WAITING_TOTAL;

/**
 * GraphQL multipart requests (uploads) are received to temporary files instead of memory
 * (receive-multipart.ts): the resolver gets an UploadOnDisk for each file, whose descriptor the
 * upload's reader child reads itself and the upload reads once, only to store it
 * (documents.service.ts). Every file a request opened is closed when its response is ready,
 * whatever it is (stored, refused, its client gone), which frees its disk space; the request's
 * own parsing failures close theirs at once.
 *
 * Before a byte of the body is read, the request's API key is checked (`authenticate`, the
 * context's own check, with its answers and its limit on failures), and the receptions in
 * progress are bounded per client address and in all, so that neither a client without a key nor
 * one with many connections fills the temporary folder. Past the bound a request is refused
 * (BAD_USER_INPUT, `retryable`) as a large JSON body is (use-large-json-body.ts).
 *
 * Answers: a body that is not acceptable multipart data is BAD_USER_INPUT (400); a file the server
 * could not write (UploadNotReceived) is thrown on, logged and masked as INTERNAL (create-api.ts),
 * without the path its file-system error names; a client gone mid-body gets the AbortError, which
 * yoga does not log as a failure.
 *
 * The rest is yoga's own multipart handling, with its answers: `operations` and `map` fields, each
 * file set at the paths the map gives (graphql-multipart-request-spec).
 */
export function useUploadsOnDisk(options: {
  maxUploadBytes: number;
  /** Throws the answer to a request without a valid key (create-api.ts, authenticate.ts). */
  authenticate(request: Request, clientAddress: string | undefined): Promise<unknown>;
}): Plugin<Record<string, unknown>, { req?: IncomingMessage }> {
  const opened = new WeakMap<Request, FileHandle[]>();
  const receiving = new Map<string, number>();
  let receivingTotal = 0;
  return {
    onRequestParse({ request, setRequestParser, serverContext }) {
      if (request.method !== 'POST' || !/^multipart\/form-data\b/i.test(request.headers.get('content-type') ?? '')) return;
      const clientAddress = serverContext.req?.socket.remoteAddress;
      const client = clientAddress ?? 'unknown';
      setRequestParser(async (req) => {
        await options.authenticate(req, clientAddress);
        const mine = receiving.get(client) ?? 0;
        if (mine >= MAX_RECEIVING_PER_ADDRESS || receivingTotal >= MAX_RECEIVING_TOTAL) {
          throw appError(
            'BAD_USER_INPUT',
            mine >= MAX_RECEIVING_PER_ADDRESS
              ? `Too many uploads in progress from this client address (at most ${MAX_RECEIVING_PER_ADDRESS}); retry when they finish.`
              : `Too many uploads in progress (at most ${MAX_RECEIVING_TOTAL}); retry when they finish.`,
            { retryable: true },
          );
        }
        receiving.set(client, mine + 1);
        receivingTotal++;
        let received: ReceivedMultipart;
        try {
          received = await receiveMultipart(req, options.maxUploadBytes);
        } catch (error) {
          if (error instanceof MultipartRefused) throw appError('BAD_USER_INPUT', `POST body sent invalid multipart data: ${error.message}`);
          throw error;
        } finally {
          receivingTotal--;
          const left = receiving.get(client)! - 1;
          if (left === 0) receiving.delete(client);
          else receiving.set(client, left);
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
