import { fork } from 'node:child_process';
import { readFile, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { DocumentLayout, EmbeddedInvoice, PageLayout } from '../domain/types.ts';
import { LAYOUT_WRITE_FAILED_EXIT, MAX_LAYOUT_BYTES, openLayoutFile, readLayoutFile, type LayoutPageSpan } from './layout-file.ts';
import { PdfError } from './pdf-error.ts';
import { inspectWith, pageTally, type InspectionWithLayout, type InspectLimits } from './inspect-in-reader.ts';
import { failure, type PdfTask, type PdfThreadLimits, type PdfThreadMessage } from './pdf-in-thread.ts';
import { acquireReadingSlot, type UploadAdmission } from './reading-slots.ts';
import { TEST_EXIT_ENV } from './pdf-child-test-exit.ts';
import { THREAD_ENV } from '../compile-cache.ts';

/**
 * Reads a document's layout with pdf.js in a short-lived child process (pdf-child.ts), with the
 * same time and memory bound, refusals and result as a reading thread (pdf-in-thread.ts).
 *
 * Used by loadLayout (documents/document-layout.ts), for a job's layout in the worker and for an
 * estimate's in the API, and by the upload's inspection (inspectInChild, documents.service.ts);
 * rendering stays in threads (see pdf-in-thread.ts).
 *
 * Why a process and not a thread, for a layout: a long-lived worker's resident memory
 * climbed job after job although each reading thread was ended (306 MB after the first 500-page
 * layout, 388 after the tenth): an ended thread's V8 pages and the malloc arenas pdf.js filled are
 * not all given back to the OS. A child's memory all goes when it exits, so the parent keeps none
 * of what pdf.js used.
 * Starting one costs a little more than starting a thread: a 2-page layout took 416 ms of CPU in
 * all against 355 in a thread (medians of 8 on a busy two-core machine: Node's start-up comes on
 * top of pdf.js's, which loads from V8's code cache either way), small next to
 * the long documents whose layout a job reads. Uploads of short documents, which have their
 * layout read with the inspection, never pay it.
 *
 * What it gives up: a document of 1,000 pages or more was split between two threads; one child
 * reads it alone, on one core.
 *
 * Bounds: `--max-old-space-size` caps the child's heap as `resourceLimits` caps a thread's (V8
 * then aborts the child; its stderr says why and the caller gets TOO_COMPLEX); the time bound
 * kills it. Neither caps what pdf.js decodes into typed arrays outside the heap (a content
 * stream of a few hundred KB that inflates to gigabytes), so the parent also watches the child's
 * resident memory and kills it past the bound plus Node's own (RSS_HEADROOM_MB): TOO_COMPLEX. The child exits when its IPC channel closes, so it never outlives a parent that
 * crashed or was killed. It gets almost none of this process's environment (readerEnv): no
 * secrets in a process that parses hostile files.
 */

/** What the child receives, once. */
export interface PdfChildTask {
  task: PdfTask;
  /** The PDF; absent when it is the file at the child's PDF_FILE_FD (a PdfFile, pdf-file-input.ts). */
  bytes?: Uint8Array;
  /** The most layout JSON the child may write (a layout task). */
  maxLayoutBytes: number;
}

/** What the child reports while it reads: a layout page is in the layout file, at these bytes. */
type ChildProgressMessage =
  | Exclude<PdfThreadMessage, { type: 'layoutPage' | 'done' | 'failed' }>
  | ChildPageMessage
  /** The document's EmbeddedInvoice is in the layout file, at these bytes, after the pages. */
  | ({ type: 'eInvoiceWritten' } & LayoutPageSpan);

/** One page read: its inspection, or where its layout is in the layout file. */
export type ChildPageMessage = Extract<PdfThreadMessage, { type: 'page' }> | ({ type: 'layoutPageWritten'; page: number } & LayoutPageSpan);

/**
 * The child's messages as they cross the channel: pages go several to a message (pdf-child.ts
 * says why), in the order they were read; the last message ('done' or 'failed') also carries the
 * child's peak resident set (getrusage).
 */
export type PdfChildMessage =
  | Exclude<ChildProgressMessage, ChildPageMessage>
  | { type: 'pages'; pages: ChildPageMessage[] }
  | (Extract<PdfThreadMessage, { type: 'done' | 'failed' }> & { maxRssKb: number });

/**
 * A small young generation, as for a reading thread (which caps it at 16 MB, pdf-in-thread.ts):
 * pdf.js's short-lived garbage is collected early instead of growing the process. 4 MB rather
 * than 8: a 500-page text layout's child peaked at 118-122 MB instead of 126-127, in the same CPU
 * time (5.2-5.5 s against 4.6-5.7 s, three alternating runs each on a loaded two-core machine);
 * 2 MB saved no more and cost 10-20% more CPU.
 */
const SEMI_SPACE_MB = 4;

/**
 * V8's stack limit in the child, KB: a worker thread's (Node's default `stackSizeMb` of 4, less the
 * margin Node keeps), not a main thread's (about 1 MB). pdf.js parses nested objects recursively; a
 * file nested 20,000 levels deep reads in a thread and must read here too. The main thread's own
 * stack is 8 MB wherever the default `ulimit -s` holds, so the limit is well inside it.
 */
const STACK_SIZE_KB = 3800;

/** What stays of the child's stderr: enough for V8's out-of-memory report. */
const STDERR_TAIL_CHARS = 4096;

/**
 * All the reader gets of this process's environment. A process parsing hostile files must not
 * hold secrets (DATABASE_URL, API keys), and NODE_OPTIONS could keep it from starting or change
 * its bounds. PATH and TMPDIR for Node itself, locale and time zone, and the allocator's tuning
 * (MALLOC_*, GLIBC_TUNABLES), which decides how much memory pdf.js's reading takes. And the tests'
 * hook that makes a child exit early (pdf-child-test-exit.ts), which nothing but a test sets.
 */
const READER_ENV_NAMES = new Set(['PATH', 'TMPDIR', 'TZ', 'LANG', 'LC_ALL', 'GLIBC_TUNABLES', TEST_EXIT_ENV]);

function readerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: THREAD_ENV.NODE_COMPILE_CACHE };
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && (READER_ENV_NAMES.has(name) || name.startsWith('MALLOC_'))) env[name] = value;
  }
  return env;
}

/** Where a reader that stopped without a result is reported (the caller's logger). */
export interface ReaderLog {
  warn(details: object, message: string): void;
}

/**
 * A PDF in a file this process has open for reading (an upload, received to a temporary file by
 * the API): the reader child is handed the descriptor and reads the file itself, so none of its
 * bytes pass through this process (pdf-file-input.ts says why). The caller keeps `fd` open until
 * the read has ended, and reads the file by position only, if at all, meanwhile.
 */
interface PdfFile {
  fd: number;
}

/** What a reader child reads: the bytes themselves (sent over IPC) or a file (PdfFile). */
export type PdfSource = Uint8Array | PdfFile;

const CHILD_ENTRY = fileURLToPath(new URL('./pdf-child.ts', import.meta.url));

export async function readLayoutInChild(bytes: Uint8Array, limits: PdfThreadLimits, log?: ReaderLog): Promise<DocumentLayout> {
  const { pageCount, pages, eInvoice } = await readLayoutBytesInChild(bytes, limits, log);
  const layout: DocumentLayout = { pageCount, pages: pages.map((page) => JSON.parse(page.toString('utf8')) as PageLayout) };
  if (eInvoice !== undefined) layout.eInvoice = JSON.parse(eInvoice.toString('utf8')) as EmbeddedInvoice;
  return layout;
}

/** The document's layout as JSON (a DocumentLayout), the form it is stored in. */
export async function readLayoutJsonInChild(bytes: Uint8Array, limits: PdfThreadLimits, log?: ReaderLog): Promise<string> {
  return (await readLayoutBytesInChild(bytes, limits, log)).json.toString('utf8');
}

/**
 * The document's layout as UTF-8 JSON (a DocumentLayout) in one buffer outside the V8 heap, and
 * each page's JSON (a PageLayout) as a view into it, in page order: for a caller that stores the
 * whole and makes objects one page at a time; and the document's EmbeddedInvoice JSON, when it has
 * one, as a view too.
 *
 * Why bytes from the child, through a file (layout-file.ts): a 500-page text layout is about 17 MB
 * of JSON but about 50 MB as objects on a heap, and this process holds none of it until the child
 * has exited, so the two peaks do not add up.
 */
export async function readLayoutBytesInChild(
  bytes: Uint8Array,
  limits: PdfThreadLimits,
  log?: ReaderLog,
  { file: given, maxLayoutBytes = MAX_LAYOUT_BYTES }: { file?: FileHandle; maxLayoutBytes?: number } = {},
): Promise<{ pageCount: number; json: Buffer; pages: Buffer[]; eInvoice?: Buffer }> {
  // `file`: where the child writes, opened by the caller (e.g. a device that is always full);
  // closed here either way. Our own is opened once the reading slot is ours, not while it waits.
  let file = given;
  try {
    const release = await acquireReadingSlot();
    try {
      return await readLayoutWithSlot();
    } finally {
      release();
    }
  } finally {
    await file?.close();
  }

  async function readLayoutWithSlot() {
    let pageCount = 0;
    const spans: LayoutPageSpan[] = [];
    let eInvoiceSpan: LayoutPageSpan | undefined;
    const output = async () => (file ??= await openLayoutFile()).fd;
    await runInChild({ kind: 'layout' }, bytes, limits, log, { output, maxLayoutBytes }, (message) => {
      if (message.type === 'opened') pageCount = message.pageCount;
      // One reader, claiming pages from 1 up: they come in order.
      else if (message.type === 'layoutPageWritten') spans.push({ start: message.start, end: message.end });
      else if (message.type === 'eInvoiceWritten') eInvoiceSpan = { start: message.start, end: message.end };
    });
    if (spans.length !== pageCount) throw new PdfError('CORRUPT', `The PDF reader stopped after ${spans.length} of ${pageCount} pages.`);
    if (eInvoiceSpan === undefined) return { pageCount, ...(await readLayoutFile(file!, spans, maxLayoutBytes)) };
    // Checked with the pages' spans: it comes after the last page.
    const read = await readLayoutFile(file!, [...spans, eInvoiceSpan], maxLayoutBytes);
    return { pageCount, ...read, pages: read.pages.slice(0, -1), eInvoice: read.pages.at(-1) };
  }
}

/**
 * The inspection of an upload in a reader child (inspect-in-reader.ts says what it gives). In a
 * child rather than a thread for the reason a layout is (see the top of this file): a 500-page
 * upload's inspection thread left the service process 50-100 MB larger for seconds after it ended,
 * just when the first job on the document starts its own reader child; an ended child leaves none.
 * `admission`: the upload's place in the queue for a reading slot (reading-slots.ts): it may be
 * refused there (ReadersBusy) or leave it when its request is aborted; an abort once it reads kills
 * the reader (the signal's reason is thrown). One slot is held across both of inspectWith's passes:
 * a second pass must not queue again behind other uploads, where it could be refused as busy.
 */
export async function inspectInChild(source: PdfSource, limits: InspectLimits, log?: ReaderLog, admission?: UploadAdmission): Promise<InspectionWithLayout> {
  const release = await acquireReadingSlot(admission);
  try {
    return await inspectWith(
      async (task, source: PdfSource, limits, onPage) => {
        const tally = pageTally(onPage);
        await runInChild(task, source, limits, log, { maxLayoutBytes: 0, signal: admission?.signal }, (message) => void tally.take(message));
        return tally.pageCount();
      },
      source,
      limits,
    );
  } finally {
    release();
  }
}

/**
 * Runs `task` in a new child process and resolves when it has sent 'done'. Throws PdfError: the
 * task's own refusals, TOO_COMPLEX past the time or memory bound, CORRUPT when the child exits
 * with an error while reading the pages of a document it opened (as a reading thread's error is).
 * Throws a plain Error, the service's trouble and not the file's, when no child could be started,
 * when it exited before it opened the document (a missing module, a bad option), or when a signal
 * we did not send stopped it (the kernel's OOM killer, a crash of Node itself). The child has
 * exited, or been killed, before this returns. The caller holds a reading slot (reading-slots.ts)
 * throughout.
 */
/**
 * What a reader child may hold beyond its heap bound before it is killed: Node and pdf.js's code,
 * their buffers and the malloc arenas (a 2-page read peaks near 110 MB with a 256 MB heap bound),
 * so that only a read far past its bound is stopped this way.
 */
const RSS_HEADROOM_MB = 256;
/** How often the child's resident memory is read: a runaway decode grows by about 100 MB a second here. */
const RSS_POLL_MS = 100;

/** The resident memory of process `pid` in MB (/proc; null where there is none, or once it has exited). */
async function residentMb(pid: number): Promise<number | null> {
  try {
    const statm = await readFile(`/proc/${pid}/statm`, 'utf8');
    return (Number(statm.split(' ')[1]) * PAGE_BYTES) / 1024 / 1024;
  } catch {
    return null;
  }
}
const PAGE_BYTES = 4096;

async function runInChild(
  task: PdfTask,
  source: PdfSource,
  limits: PdfThreadLimits,
  log: ReaderLog | undefined,
  /**
   * `output`: the descriptor of the layout file (LAYOUT_FILE_FD in the child), for a layout task.
   * `signal`: its abort kills the child and rejects with its reason.
   */
  { output, maxLayoutBytes, signal }: { output?: () => Promise<number>; maxLayoutBytes: number; signal?: AbortSignal },
  onMessage: (message: ChildProgressMessage) => void,
): Promise<void> {
  signal?.throwIfAborted();
  const outputFd = output ? await output() : 'ignore';
  const bytes = ArrayBuffer.isView(source) ? source : undefined;
  const child = fork(CHILD_ENTRY, [], {
    execArgv: [`--max-old-space-size=${limits.maxMemoryMb}`, `--max-semi-space-size=${SEMI_SPACE_MB}`, `--stack-size=${STACK_SIZE_KB}`],
    env: readerEnv(),
    serialization: 'advanced', // the PDF's bytes, when sent, go as a Uint8Array, not as JSON
    // pdf.js warnings about damaged files are not the service's log; LAYOUT_FILE_FD is the output,
    // PDF_FILE_FD the input when it is a file.
    stdio: ['ignore', 'ignore', 'pipe', 'ipc', outputFd, bytes === undefined ? (source as PdfFile).fd : 'ignore'],
  });
  // 'close', not 'exit': after it every message the child sent and all of its stderr are in.
  // A child that could not be started (no pid) may never emit it: its 'error' is the end.
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.once('error', () => child.pid === undefined && resolve());
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  let timer: NodeJS.Timeout | undefined;
  let watch: NodeJS.Timeout | undefined;
  let opened = false;
  let settled = false;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onAbort = () => {
        settled = true;
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(() => {
        settled = true;
        reject(new PdfError('TOO_COMPLEX', `The PDF could not be read within ${Math.round(limits.timeoutMs / 1000)} s.`));
      }, limits.timeoutMs);
      const pid = child.pid;
      if (pid !== undefined) {
        watch = setInterval(() => {
          void residentMb(pid).then((mb) => {
            if (settled || mb === null || mb <= limits.maxMemoryMb + RSS_HEADROOM_MB) return;
            settled = true;
            reject(new PdfError('TOO_COMPLEX', `The PDF needs more than ${limits.maxMemoryMb} MB of memory to read.`));
          });
        }, RSS_POLL_MS);
      }
      child.on('message', (message: PdfChildMessage) => {
        if (message.type === 'done' || message.type === 'failed') settled = true;
        if (message.type === 'failed') reject(failure(message));
        else if (message.type === 'done') resolve();
        else if (message.type === 'pages') for (const page of message.pages) onMessage(page);
        else {
          if (message.type === 'opened') opened = true;
          onMessage(message);
        }
      });
      child.once('error', (error) => reject(new Error(`Could not start the PDF reader: ${error.message}`, { cause: error })));
      child.once('close', (code, signal) => {
        // After 'done', 'failed' or the time bound (whose SIGKILL ends here) it changes nothing.
        if (settled) return;
        if (/heap out of memory|Reached heap limit/.test(stderr)) {
          reject(new PdfError('TOO_COMPLEX', `The PDF needs more than ${limits.maxMemoryMb} MB of memory to read.`));
          return;
        }
        const lastWords = stderr.trim();
        const cause = lastWords === '' ? undefined : new Error(lastWords);
        log?.warn({ code, signal, opened, stderr: lastWords }, 'the PDF reader stopped');
        // A signal we did not send stays the service's trouble (a job's attempt is retried):
        // the kernel may kill a reader for the machine's sake, not the file's. A file whose
        // decoding outgrows the bound is stopped by the watch above first, as TOO_COMPLEX.
        if (signal) reject(new Error(`The PDF reader was stopped by signal ${signal}.`, { cause }));
        else if (code === LAYOUT_WRITE_FAILED_EXIT) reject(new Error(`The PDF reader could not write the layout to the temporary folder.`, { cause }));
        else if (!opened) reject(new Error(`The PDF reader exited (code ${code}) before it opened the document.`, { cause }));
        else reject(new PdfError('CORRUPT', `The PDF reader stopped (exit code ${code}).`, { cause }));
      });
      child.send({ task, ...(bytes && { bytes }), maxLayoutBytes } satisfies PdfChildTask, (error) => {
        if (error) reject(new Error(`Could not send the PDF to its reader: ${error.message}`, { cause: error }));
      });
    });
  } finally {
    settled = true;
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    clearTimeout(timer);
    clearInterval(watch);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    // The slot is free only once the child's memory is.
    await exited;
  }
}
