import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { acceptsGzip, matchesIfNoneMatch } from '../api/http-caching.ts';

/** Our own page scripts and styles (src/review/assets). */
const ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'assets');
/** pdfjs-dist's browser build, served from node_modules so the page needs no CDN and no build step. */
const PDFJS_DIR = dirname(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/build/pdf.mjs')));

const CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
  '.bcmap': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.icc': 'application/vnd.iccprofile',
};

/** One file name: no folders, no dot-files, nothing that could climb out of the served folder. */
const FILE_NAME = /^[A-Za-z0-9][\w.-]*$/;

/**
 * The public files under /review/: `/review/assets/<file>` (ours) and `/review/pdfjs/<part>/<file>`
 * (pdf.js: its two build files and the data folders it fetches at run time). Only these folders
 * and only plain file names; everything else is null (a 404 for the caller).
 */
export function staticFileFor(pathname: string): string | null {
  const parts = pathname.split('/').slice(2); // '', 'review', ...
  if (parts[0] === 'assets' && parts.length === 2 && FILE_NAME.test(parts[1]!)) return join(ASSETS_DIR, parts[1]!);
  if (parts[0] === 'pdfjs' && parts.length === 3 && FILE_NAME.test(parts[2]!)) {
    const [, folder, file] = parts as [string, string, string];
    if (folder === 'build' && (file === 'pdf.mjs' || file === 'pdf.worker.mjs')) return join(PDFJS_DIR, 'build', file);
    if (['standard_fonts', 'cmaps', 'wasm', 'iccs'].includes(folder)) return join(PDFJS_DIR, folder, file);
  }
  return null;
}

/** Scripts and styles: sent gzip to clients that take it (pdf.js's worker is 2.2 MB, ~0.5 MB as gzip). */
const COMPRESSIBLE = new Set(['.mjs', '.js', '.css']);

/**
 * Each compressible file's gzip, made on its first request and kept by its ETag (~0.7 MB for
 * all of them); a file changed on disk gets a new ETag and is compressed again.
 */
const gzipped = new Map<string, { etag: string; body: Promise<Buffer> }>();
const gzipAsync = promisify(gzip);

/**
 * Streams a public file, gzip when it is a script or style and the client takes it, or answers
 * 404 when it does not exist. Its ETag (size and modification time) lets a browser revalidate
 * instead of fetching it again: 304.
 */
export async function sendStaticFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  const type = CONTENT_TYPES[extname(file)];
  if (!info?.isFile() || !type) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  const compressible = COMPRESSIBLE.has(extname(file));
  const etag = `W/"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  const headers = {
    'content-type': type,
    // Stored, but revalidated each time: the files change with an upgrade under the same name.
    'cache-control': 'no-cache',
    etag,
    'x-content-type-options': 'nosniff',
    ...(compressible ? { vary: 'accept-encoding' } : {}),
  };
  if (matchesIfNoneMatch(req.headers['if-none-match'] ?? null, etag)) {
    res.writeHead(304, headers).end();
    return;
  }
  const head = req.method === 'HEAD';
  if (compressible && acceptsGzip(req.headers['accept-encoding'] ?? null)) {
    let kept = gzipped.get(file);
    if (kept?.etag !== etag) gzipped.set(file, (kept = { etag, body: readFile(file).then((bytes) => gzipAsync(bytes)) }));
    const body = await kept.body.catch((error: unknown) => {
      gzipped.delete(file);
      throw error;
    });
    res.writeHead(200, { ...headers, 'content-encoding': 'gzip', 'content-length': body.byteLength });
    res.end(head ? undefined : body);
    return;
  }
  res.writeHead(200, { ...headers, 'content-length': info.size });
  if (head) {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
