/**
 * Resident memory of the whole service in one process, started as `npm start` starts it
 * (src/bin/all-in-one.ts: API and worker together), over 200 uploads of ordinary and hostile PDFs
 * and then 20 jobs, each on a new 500-page document (issue 16's target: under 400 MB throughout).
 * The summary figure is the peak of the RSS summed over the process and the processes it starts
 * (pdf.js readers in child processes, src/pdf/pdf-in-child.ts), sampled every 25 ms over the whole
 * run; the process's own peak (VmHWM) and the largest peak of one reader child are figures. The RSS
 * after the uploads and after each job show whether it grows. `--scale 0.1` does 20 uploads and 2
 * jobs.
 */
import { readFileSync } from 'node:fs';
import * as hostile from '../../test/fixtures/hostile-pdfs.ts';
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { peakRssMb, rssMb, sampleProcessTree, startCluster } from '../lib/cluster.ts';
import { type BenchRecord } from '../lib/report.ts';

const UPLOADS = 200;
const JOBS = 20;
const PAGES = 500;

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../test/fixtures/${name}`, import.meta.url)));

/** What users upload: mostly ordinary files, some the service must refuse. */
async function uploadMix(): Promise<Uint8Array[]> {
  return [
    fixture('invoice-2p.pdf'),
    fixture('table-300.pdf'),
    fixture('scanned.pdf'),
    fixture('two-column.pdf'),
    fixture('corrupt.pdf'),
    fixture('aes256-user-password.pdf'),
    await hostile.truncatedPdf(),
    hostile.deepNestingPdf(),
    await hostile.decompressionBombPdf(),
    await textPdf(40),
  ];
}

export async function run({ scale = 1 }: { scale?: number } = {}): Promise<BenchRecord> {
  const uploads = Math.max(1, Math.round(UPLOADS * scale));
  const jobs = Math.max(1, Math.round(JOBS * scale));
  const cluster = await startCluster({ workers: 0, allInOne: true, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(200 * 2 ** 20) } });
  const pid = cluster.api.child.pid!;
  const tree = sampleProcessTree(pid);
  try {
    const { client } = cluster;
    const idle = rssMb(pid);
    const files = await uploadMix();
    let refused = 0;
    for (let i = 0; i < uploads; i++) {
      await client.upload(files[i % files.length]!, `upload-${i}.pdf`).catch(() => refused++);
    }
    const afterUploads = rssMb(pid);
    const peakAfterUploads = peakRssMb(pid);
    // Whether the tree's peak came with the uploads or later, with the jobs.
    const treePeakAfterUploads = tree.peakSumMb();
    const afterJobs: Array<number | null> = [];
    for (let i = 0; i < jobs; i++) {
      // A new document each time, so no job can reuse another's stored layout.
      const { id: documentId } = await client.upload(await textPdf(PAGES), `long-${i}.pdf`);
      const jobId = await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
      await client.waitForCompleted(jobId, 600_000);
      afterJobs.push(rssMb(pid));
    }
    const peak = peakRssMb(pid);
    return {
      name: 'service-rss',
      settings: { uploads, jobs, pages: PAGES, scale },
      figures: {
        idle_rss_mb: idle,
        refused_uploads: refused,
        rss_mb_after_uploads: afterUploads,
        peak_rss_mb_after_uploads: peakAfterUploads,
        rss_mb_after_each_job: afterJobs,
        peak_rss_mb: peak,
        reader_children_seen: tree.childrenSeen(),
        reader_child_peak_rss_mb: tree.childPeakMb(),
        peak_tree_rss_mb_after_uploads: treePeakAfterUploads,
        peak_tree_rss_mb: tree.peakSumMb(),
        // Had the service's own peak and its reader's peak fallen at the same moment.
        peak_upper_bound_mb: (peak ?? 0) + (tree.childPeakMb() ?? 0),
      },
      // The summed tree is sampled (25 ms) and can miss a short spike that the service process's
      // own exact VmHWM holds: the summary is the larger of the two.
      summary: { service_rss_mb_after_uploads_and_jobs: Math.max(tree.peakSumMb() ?? 0, peak ?? 0) || null },
    };
  } finally {
    tree.stop();
    await cluster.stop();
  }
}
