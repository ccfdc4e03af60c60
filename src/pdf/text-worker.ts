/**
 * Makes pdf.js keep the boundaries between text runs that are a little apart.
 *
 * pdf.js's text-content builder glues two runs of the same font on one line into ONE item with a
 * single " " when the gap between them is under 0.6 em (SPACE_IN_FLOW_MAX_FACTOR in the worker).
 * Word spaces are about 0.25–0.33 em, but the cells of a tight table (LibreOffice HTML tables,
 * many invoicing tools) are often only 0.4–0.6 em apart, so "Quantity Unit Cost" came out as one
 * run and the column boundaries were lost. pdf.js has no option for this.
 *
 * In Node, pdf.js runs its worker on the main thread and uses `globalThis.pdfjsWorker` if it is set
 * before the first document is opened. We set it to a copy of the installed worker module with a
 * smaller factor, written once per pdf.js version to the OS temp directory. If the constant cannot
 * be found (a pdf.js upgrade renamed it), the stock worker is used and a warning is logged: text
 * still reads, only tight tables lose their cells again. page-lines.ts decides what a gap means.
 */
import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Gaps above this many font sizes become separate items (stock pdf.js: 0.6). */
export const SPLIT_GAP_EM = 0.35;

const PATTERN = /const SPACE_IN_FLOW_MAX_FACTOR = 0\.6;/;

interface WorkerModule {
  WorkerMessageHandler: unknown;
}

type WorkerGlobal = typeof globalThis & { pdfjsWorker?: WorkerModule };

let installing: Promise<void> | undefined;

/**
 * Installs the patched worker once per process (or worker thread). Must run before the first
 * getDocument(): pdf.js caches the worker module it picked on first use.
 */
export function installTextWorker(): Promise<void> {
  installing ??= install();
  return installing;
}

async function install(): Promise<void> {
  const g = globalThis as WorkerGlobal;
  if (g.pdfjsWorker) return;
  try {
    const path = await patchedWorkerPath();
    if (path === null) return;
    g.pdfjsWorker = (await import(pathToFileURL(path).href)) as WorkerModule;
  } catch (e) {
    warn(`could not load the patched pdf.js worker (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** Path of the patched copy, written if missing; null (with a warning) if the pattern is gone. */
async function patchedWorkerPath(): Promise<string | null> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const source = await readFile(join(root, 'legacy', 'build', 'pdf.worker.mjs'), 'utf8');
  const patched = patchWorkerSource(source, SPLIT_GAP_EM);
  if (patched === null) {
    warn('SPACE_IN_FLOW_MAX_FACTOR not found in pdf.worker.mjs; tight table columns may merge');
    return null;
  }
  const hash = createHash('sha256').update(patched).digest('hex').slice(0, 16);
  const path = join(tmpdir(), `paperjson-pdf-worker-${hash}.mjs`);
  try {
    await readFile(path, { encoding: 'utf8', flag: 'r' }).then((existing) => {
      if (existing !== patched) throw new Error('stale');
    });
  } catch {
    // Write-then-rename so that concurrent processes never import a half-written file.
    const partial = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(partial, patched);
    await rename(partial, path);
  }
  return path;
}

/** The worker source with the new split factor, or null if the constant is not there exactly once. */
export function patchWorkerSource(source: string, splitGapEm: number): string | null {
  const matches = source.match(new RegExp(PATTERN.source, 'g'));
  if (matches?.length !== 1) return null;
  // The copy lives elsewhere, so its relative source-map comment would point at nothing.
  return source
    .replace(PATTERN, `const SPACE_IN_FLOW_MAX_FACTOR = ${splitGapEm};`)
    .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

function warn(message: string): void {
  process.emitWarning(`paperjson: ${message}`, { code: 'PAPERJSON_PDFJS_WORKER' });
}
