/**
 * Peak RSS of a worker process that reads the layout of a 500-page PDF in each of several jobs
 * (target ≤ 300 MB, flat over the jobs): VmHWM after the first job and after the last, and the
 * process's RSS once started, before any job (what its modules hold).
 */
import { ONE_SUBTREE_SCHEMA, textPdf } from '../lib/documents.ts';
import { peakRssMb, rssMb, startCluster } from '../lib/cluster.ts';
import { type BenchRecord } from '../lib/report.ts';

const PAGES = 500;

export async function run({ jobs = 10 }: { jobs?: number } = {}): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(200 * 2 ** 20) } });
  try {
    const { client } = cluster;
    const pid = cluster.workers[0]!.child.pid;
    const idle = rssMb(pid);
    const peaks: Array<number | null> = [];
    const after: Array<number | null> = [];
    for (let i = 0; i < jobs; i++) {
      // A new document each time, so no job can reuse another's stored layout.
      const { id: documentId } = await client.upload(await textPdf(PAGES), `doc-${i}.pdf`);
      const jobId = await client.startJob({ documentId, jsonSchema: ONE_SUBTREE_SCHEMA });
      await client.waitForCompleted(jobId, 300_000);
      peaks.push(peakRssMb(pid));
      after.push(rssMb(pid));
    }
    return {
      name: 'layout',
      settings: { pages: PAGES, jobs },
      figures: { idle_rss_mb: idle, peak_rss_mb_after_each_job: peaks, rss_mb_after_each_job: after },
      summary: { layout_rss_mb_500p: peaks.at(-1) ?? null },
    };
  } finally {
    await cluster.stop();
  }
}
