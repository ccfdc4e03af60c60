/**
 * Peak RSS of each process of the service while a worker reads the layout of a 500-page PDF in
 * each of several jobs (target ≤ 300 MB for every process, flat over the jobs): the worker's own
 * VmHWM after each job, the largest peak of the reader processes it started for that job (the
 * layout is read in a child process, src/pdf/pdf-in-child.ts; sampled while they run), the API's
 * peak (it inspects each upload; reported, but ingest's figure, not this one's), the worker and
 * its reader summed (sampled), and the worker's RSS once started, before any job (what its
 * modules hold). The summary is the largest peak of the worker or a reader process: the target
 * is per process.
 */
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { peakRssMb, rssMb, sampleProcessTree, startCluster } from '../lib/cluster.ts';
import { type BenchRecord } from '../lib/report.ts';

const PAGES = 500;

export async function run({ jobs = 10 }: { jobs?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(200 * 2 ** 20) } });
  const pid = cluster.workers[0]!.child.pid!;
  const tree = sampleProcessTree(pid);
  try {
    const { client } = cluster;
    const idle = rssMb(pid);
    const peaks: Array<number | null> = [];
    const readerPeaks: number[] = [];
    const after: Array<number | null> = [];
    for (let i = 0; i < jobs; i++) {
      // A new document each time, so no job can reuse another's stored layout.
      const { id: documentId } = await client.upload(await textPdf(PAGES), `doc-${i}.pdf`);
      tree.resetChildren();
      const jobId = await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
      await client.waitForCompleted(jobId, 300_000);
      peaks.push(peakRssMb(pid));
      readerPeaks.push(tree.childPeakMb());
      after.push(rssMb(pid));
    }
    const apiPeak = peakRssMb(cluster.api.child.pid);
    return {
      name: 'layout',
      settings: { pages: PAGES, jobs },
      figures: {
        idle_rss_mb: idle,
        peak_rss_mb_after_each_job: peaks,
        reader_child_peak_rss_mb_each_job: readerPeaks,
        rss_mb_after_each_job: after,
        api_peak_rss_mb: apiPeak,
        worker_and_reader_peak_sum_mb: tree.peakSumMb(),
      },
      summary: { layout_rss_mb_500p: Math.max(peaks.at(-1) ?? 0, ...readerPeaks) || null },
    };
  } finally {
    tree.stop();
    await cluster.stop();
  }
}
