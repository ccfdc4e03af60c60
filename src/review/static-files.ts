import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';

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

/** Streams a public file, or answers 404 when it does not exist. */
export async function sendStaticFile(res: ServerResponse, file: string, method: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
  if (!info?.isFile() || !type) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
    return;
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': info.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  });
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
