/**
 * The stand-in's Files API, as the SDK's resumable upload and the API reference describe it:
 * - POST /upload/v1beta/files with `x-goog-upload-protocol: resumable`, `x-goog-upload-command:
 *   start`, `x-goog-upload-header-content-length/-type` and {file: {displayName}} → 200 with the
 *   session's address in the `x-goog-upload-url` header;
 * - POST <that address> with `x-goog-upload-command: upload` (chunks of 8 MB, answered with
 *   `x-goog-upload-status: active`) and finally `upload, finalize` (answered `final` and
 *   {file: {name: "files/<id>", uri, mimeType, sizeBytes, state: "ACTIVE", ...}});
 * - GET and DELETE /v1beta/files/<id>;
 * - a generateContent part {fileData: {fileUri}} must name a live file (403 otherwise).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StubFile {
  name: string;
  uri: string;
  mimeType: string;
  displayName: string;
  bytes: Buffer;
}

interface Session {
  mimeType: string;
  displayName: string;
  size: number;
  chunks: Buffer[];
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function createStubFiles(baseUrl: () => string) {
  const files = new Map<string, StubFile>();
  const sessions = new Map<string, Session>();
  const view = (f: StubFile) => ({
    name: f.name,
    displayName: f.displayName,
    mimeType: f.mimeType,
    sizeBytes: String(f.bytes.length),
    createTime: new Date().toISOString(),
    updateTime: new Date().toISOString(),
    expirationTime: new Date(Date.now() + 48 * 3600_000).toISOString(),
    sha256Hash: '',
    uri: f.uri,
    state: 'ACTIVE',
    source: 'UPLOADED',
  });
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  };

  return {
    /** Every file uploaded, deleted ones included. */
    uploaded: [] as StubFile[],
    get alive(): StubFile[] {
      return [...files.values()];
    },

    /** Handles the request when it is one of the Files API's; false otherwise. */
    async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
      const url = new URL(req.url ?? '/', 'http://stub');
      if (url.pathname === '/upload/v1beta/files' && req.method === 'POST') {
        const command = String(req.headers['x-goog-upload-command'] ?? '');
        const uploadId = url.searchParams.get('upload_id');
        if (command === 'start') {
          const body = JSON.parse((await readRaw(req)).toString('utf8') || '{}') as { file?: { displayName?: string } };
          const id = randomBytes(6).toString('hex');
          sessions.set(id, {
            mimeType: String(req.headers['x-goog-upload-header-content-type'] ?? 'application/octet-stream'),
            displayName: body.file?.displayName ?? '',
            size: Number(req.headers['x-goog-upload-header-content-length'] ?? 0),
            chunks: [],
          });
          send(res, 200, {}, { 'x-goog-upload-url': `${baseUrl()}/upload/v1beta/files?upload_id=${id}&upload_protocol=resumable`, 'x-goog-upload-status': 'active' });
          return true;
        }
        const session = uploadId ? sessions.get(uploadId) : undefined;
        if (!session) {
          send(res, 404, { error: { code: 404, message: 'upload session not found', status: 'NOT_FOUND' } });
          return true;
        }
        session.chunks.push(await readRaw(req));
        if (!command.includes('finalize')) {
          send(res, 200, {}, { 'x-goog-upload-status': 'active' });
          return true;
        }
        sessions.delete(uploadId!);
        const id = randomBytes(6).toString('hex');
        const file: StubFile = {
          name: `files/${id}`,
          uri: `${baseUrl()}/v1beta/files/${id}`,
          mimeType: session.mimeType,
          displayName: session.displayName,
          bytes: Buffer.concat(session.chunks),
        };
        files.set(file.name, file);
        this.uploaded.push(file);
        send(res, 200, { file: view(file) }, { 'x-goog-upload-status': 'final' });
        return true;
      }
      const match = /^\/v1beta\/(files\/[^/]+)$/.exec(url.pathname);
      if (!match) return false;
      const file = files.get(match[1]!);
      if (!file) {
        send(res, 403, { error: { code: 403, message: `You do not have permission to access the File ${match[1]} or it may not exist.`, status: 'PERMISSION_DENIED' } });
        return true;
      }
      if (req.method === 'DELETE') {
        files.delete(file.name);
        send(res, 200, {});
      } else {
        send(res, 200, view(file));
      }
      return true;
    },

    /** The files a request's fileData parts name, or the name of one that does not exist. */
    resolve(parts: Array<Record<string, unknown>>): { files: StubFile[] } | { missing: string } {
      const found: StubFile[] = [];
      for (const part of parts) {
        const uri = (part.fileData as { fileUri?: string } | undefined)?.fileUri;
        if (uri === undefined) continue;
        const file = [...files.values()].find((f) => f.uri === uri);
        if (!file) return { missing: uri };
        found.push(file);
      }
      return { files: found };
    },
  };
}
