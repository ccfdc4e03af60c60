import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { constants, crc32, deflateRaw, deflateRawSync, gunzip } from 'node:zlib';
import { GRAPHIQL_KEY_SCRIPT, GRAPHIQL_TITLE } from './graphiql.ts';
import { acceptsGzip, matchesIfNoneMatch } from './http-caching.ts';

/**
 * The GraphiQL page with the editor's scripts and styles inlined (@graphql-yoga/render-graphiql),
 * so GraphiQL works without internet access (self-hosted, air-gapped, CI); Yoga's own page would
 * load them from unpkg.com.
 *
 * That package is 9 MB of source held in strings: importing it cost every service process about
 * 45 MB of resident memory for its whole life (a quarter of an idle process), GraphiQL opened or
 * not. So it is never imported here: the first request renders the page once, in a thread that
 * ends afterwards, around a marker where the options go, and only the page up to the marker
 * (with the key script put first in its head) is kept, compressed (raw deflate ending on a sync
 * flush, ~2 MB), with the few bytes after it. Each response is a gzip body continuing that
 * deflate stream with its own options and the page's end: compressed once, and the options' few
 * KB per request. A client that does not take gzip is sent the page inflated from it (rare:
 * browsers all take gzip). `fetchAPI`: Yoga's, whose Response Node's HTTP adapter writes in one
 * piece (the global one's body went out as a stream).
 */
export async function graphiqlPageResponse(request: Request, optionsScript: string, fetchAPI: { Response: typeof Response }): Promise<Response> {
  pageParts ??= renderParts();
  let parts: PageParts;
  try {
    parts = await pageParts;
  } catch (error) {
    pageParts = null; // a failed render is tried again on the next request
    throw error;
  }
  const end = Buffer.concat([Buffer.from(optionsScript), parts.end]);
  // Weak: the gzip and the plain body are two encodings of one page.
  const etag = `W/"${createHash('sha256').update(parts.headHash).update(end).digest('base64url').slice(0, 27)}"`;
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    etag,
    // Stored, but asked for again each time: an upgrade changes the page, and the 304 costs nothing.
    'cache-control': 'no-cache',
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (matchesIfNoneMatch(request.headers.get('if-none-match'), etag)) return new fetchAPI.Response(null, { status: 304, headers });
  const body = gzipBody(parts, end);
  if (acceptsGzip(request.headers.get('accept-encoding'))) {
    return new fetchAPI.Response(body, { status: 200, headers: { ...headers, 'content-encoding': 'gzip' } });
  }
  return new fetchAPI.Response(new Uint8Array(await gunzipAsync(body)), { status: 200, headers });
}

const deflateRawAsync = promisify(deflateRaw);
const gunzipAsync = promisify(gunzip);

/** Rendered where the options go, then cut out; the title is the page's (in its <title>). */
const MARKER_OPTIONS = { title: GRAPHIQL_TITLE, paperjsonOptionsMarker: 'c5d0b1e2-options-go-here' };

interface PageParts {
  /** The page up to the options as raw deflate, ending on a sync flush (byte-aligned, not final). */
  deflatedHead: Buffer;
  headLength: number;
  headCrc: number;
  /** A digest of the page up to the options, for the ETag. */
  headHash: Buffer;
  /** The page after the options (a few closing tags). */
  end: Buffer;
}

let pageParts: Promise<PageParts> | null = null;

/** gzip's 10-byte header: deflate, no flags, no time, unknown system. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

/**
 * head (kept deflated) + this request's bytes, as one gzip member: the kept deflate stream ends
 * on a sync flush, so this request's deflate blocks follow it, and the trailer's CRC-32 continues
 * from the head's.
 */
function gzipBody(parts: PageParts, end: Buffer): Uint8Array<ArrayBuffer> {
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32(end, parts.headCrc), 0);
  trailer.writeUInt32LE((parts.headLength + end.byteLength) % 2 ** 32, 4);
  const body = Buffer.concat([GZIP_HEADER, parts.deflatedHead, deflateRawSync(end), trailer]);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

async function renderParts(): Promise<PageParts> {
  const page = Buffer.from(await renderInThread(MARKER_OPTIONS));
  const marker = Buffer.from(JSON.stringify(MARKER_OPTIONS));
  const at = page.indexOf(marker);
  if (at < 0 || page.indexOf(marker, at + 1) >= 0) {
    throw new Error('@graphql-yoga/render-graphiql did not write the options exactly once: this version cannot be served (see graphiql-page.ts)');
  }
  // The key script goes first in <head>, before GraphiQL's script (see GRAPHIQL_KEY_SCRIPT).
  const headTag = Buffer.from('<head>');
  const headAt = page.indexOf(headTag);
  if (headAt < 0 || headAt > at) throw new Error('@graphql-yoga/render-graphiql wrote no <head> before the options: this version cannot be served (see graphiql-page.ts)');
  const afterHeadTag = headAt + headTag.byteLength;
  const head = Buffer.concat([page.subarray(0, afterHeadTag), Buffer.from(`\n<script>${GRAPHIQL_KEY_SCRIPT}</script>`), page.subarray(afterHeadTag, at)]);
  // Once per process, in the thread pool, at zlib's default level: level 9 took 560-600 ms here
  // against 310-440 for 2.43 MB against 2.44 (the head is mostly minified script).
  const deflatedHead = await deflateRawAsync(head, { finishFlush: constants.Z_SYNC_FLUSH });
  return {
    deflatedHead,
    headLength: head.byteLength,
    headCrc: crc32(head),
    headHash: createHash('sha256').update(head).digest(),
    end: Buffer.from(page.subarray(at + marker.length)),
  };
}

/**
 * Renders the page in a new thread (plain JavaScript, so the thread needs no TypeScript support),
 * whose memory, render-graphiql's included, goes when it ends.
 */
async function renderInThread(options: object): Promise<Uint8Array<ArrayBuffer>> {
  const thread = new Worker(
    // Valid as CommonJS and as an ES module (which eval code is under --input-type=module).
    `const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
    import(workerData.url).then(({ renderGraphiQL }) => {
      const page = new TextEncoder().encode(renderGraphiQL(workerData.options));
      parentPort.postMessage(page, [page.buffer]);
    });`,
    { eval: true, workerData: { url: import.meta.resolve('@graphql-yoga/render-graphiql'), options } },
  );
  try {
    return await new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
      thread.once('exit', (code) => reject(new Error(`the GraphiQL page thread exited (code ${code}) without a page`)));
    });
  } finally {
    await thread.terminate();
  }
}
