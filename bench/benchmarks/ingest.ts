/**
 * Upload + inspection of a 500-page text PDF through the API, in pages per second divided by
 * pdftotext's pages per second on the same file (target ≥ 0.45), and the API's peak RSS (target
 * ≤ 300 MB): the RSS summed over the API process and the reader child it inspects the upload in
 * (src/pdf/pdf-in-child.ts), sampled every 25 ms, or the process's own peak if larger. pdftotext
 * comes from poppler-utils; without it the ratio is null.
 *
 * The reference is timed as often as ours and between ours: pdftotext runs once before the first
 * upload and once after each (`repeat` uploads, `repeat` + 1 pdftotext runs), and the ratio is the
 * median of our pages per second over the median of pdftotext's, the upper of its two middle runs
 * when their number is even (the lower would make the ratio kinder: 0.797 against 0.508 in one run
 * whose pdftotext gave 656.5, 656.9, 413.6 and 418.2 pages/s). pdftotext reads the file in well
 * under a second, so one run of it slowed by a burst of load elsewhere (375 pages/s in a run where
 * the others gave 655-699) had decided the ratio of the upload it was paired with; every run's
 * figure is kept in the record (`pages_per_s_runs`, `pdftotext_pages_per_s_runs`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { textPdf } from '../lib/documents.ts';
import { peakRssMb, sampleProcessTree, startCluster } from '../lib/cluster.ts';
import { median, round, upperMedian, type BenchRecord } from '../lib/report.ts';

const PAGES = 500;

function pdftotextPagesPerSecond(bytes: Uint8Array): number | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-ingest-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    writeFileSync(file, bytes);
    const t0 = performance.now();
    const result = spawnSync('pdftotext', [file, path.join(dir, 'out.txt')]);
    if (result.error || result.status !== 0) return null;
    return PAGES / ((performance.now() - t0) / 1000);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run({ repeat = 3 }: { repeat?: number } = {}): Promise<BenchRecord> {
  const bytes = await textPdf(PAGES);
  const cluster = await startCluster({ workers: 0, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(200 * 2 ** 20) } });
  const tree = sampleProcessTree(cluster.api.child.pid!);
  try {
    const ours: number[] = [];
    const theirs: number[] = [];
    const timeReference = () => {
      const reference = pdftotextPagesPerSecond(bytes);
      if (reference !== null) theirs.push(reference);
    };
    timeReference();
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      const uploaded = await cluster.client.upload(bytes, `doc-${i}.pdf`);
      if (uploaded.pageCount !== PAGES) throw new Error(`read ${uploaded.pageCount} pages`);
      ours.push(PAGES / ((performance.now() - t0) / 1000));
      timeReference();
    }
    const reference = theirs.length > 0 ? upperMedian(theirs) : null;
    const ratio = reference !== null ? round(median(ours) / reference, 3) : null;
    const own = peakRssMb(cluster.api.child.pid);
    const rss = Math.max(tree.peakSumMb(), own ?? 0) || null;
    return {
      name: 'ingest',
      settings: { pages: PAGES, repeat, pdftotextRuns: repeat + 1, bytes: bytes.length },
      figures: {
        pages_per_s: round(median(ours), 1),
        pdftotext_pages_per_s: reference !== null ? round(reference, 1) : null,
        ratio,
        pages_per_s_runs: ours.map((value) => round(value, 1)),
        pdftotext_pages_per_s_runs: theirs.map((value) => round(value, 1)),
        api_peak_rss_mb: own,
        reader_child_peak_rss_mb: tree.childPeakMb(),
        api_tree_peak_rss_mb: tree.peakSumMb(),
      },
      summary: { ingest_ratio_vs_pdftotext: ratio, ingest_rss_mb_500p: rss },
    };
  } finally {
    tree.stop();
    await cluster.stop();
  }
}
