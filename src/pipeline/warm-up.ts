/**
 * What a worker's first job would otherwise pay, paid once at start instead: loading pdf-lib
 * (about 130 ms on this project's 2-core machine; only when the worker's model reads pages sent
 * as PDF, which under AUTO is every page with a table) and ajv's first compile (its code
 * generator's own first run, about 80 ms). Measured with a CPU profile of burst20's worker: the
 * first job took 590 ms against 110–150 ms for the next ones.
 */
import { loadPdfLib } from '../pdf/extract-pages.ts';
import { warmUpValidator } from './run-extraction.ts';

export async function warmUpExtraction(options: { pdfPages: boolean }): Promise<void> {
  warmUpValidator();
  if (options.pdfPages) await loadPdfLib();
}
