/**
 * Peak memory of the whole service (API and worker in one process, as `npm start` runs it) over
 * one PER_PAGE job with documentInput PDF on a long scan-like PDF: the job asks for one cut per
 * page, all at once. Indicative only; run it alone, before and after a change.
 *
 *   node bench/per-page-pdf-job-rss.ts [pages=500]
 */
import { peakRssMb, rssMb, sampleProcessTree, startCluster } from './lib/cluster.ts';
import { ONE_SUBTREE_SCHEMA, scanLikePdf } from './lib/documents.ts';

const pages = Number(process.argv[2] ?? 500);
const bytes = await scanLikePdf(pages);

const cluster = await startCluster({ workers: 0, allInOne: true, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(200 * 2 ** 20) } });
const pid = cluster.api.child.pid!;
const tree = sampleProcessTree(pid);
try {
  const { client } = cluster;
  const { id: documentId } = await client.upload(bytes, `scan-${pages}.pdf`);
  const peakAfterUpload = peakRssMb(pid);
  const started = performance.now();
  const jobId = await client.startJob({
    documentId,
    jsonSchema: ONE_SUBTREE_SCHEMA,
    config: { model: 'GEMINI_2_5_FLASH', extractionTarget: 'PER_PAGE', documentInput: 'PDF' },
  });
  const status = await client.waitForStatus(jobId, ['COMPLETED', 'FAILED'], 900_000);
  const { job } = await client.gql<{ job: { errorMessage: string | null; metadata: { warnings: string[] } | null } }>(
    `query($id: ID!) { job(id: $id) { errorMessage metadata { warnings } } }`,
    { id: jobId },
  );
  // A job that did not complete (or completed with warnings) says why: its figures are not comparable.
  const warnings = job.metadata?.warnings ?? [];
  if (job.errorMessage || warnings.length > 0) console.log(`${job.errorMessage ?? ''} ${warnings.length} warnings, e.g. ${warnings.slice(0, 3).join(' | ')}`);
  if (status !== 'COMPLETED') for (const line of cluster.api.output.filter((l) => /timeout|error/i.test(l)).slice(-5)) console.log(line.slice(0, 600));
  console.log(
    `${(bytes.byteLength / 1e6).toFixed(1)} MB, ${pages} pages: job ${status} in ${((performance.now() - started) / 1000).toFixed(1)} s;`,
    `service peak RSS ${peakAfterUpload} MB after the upload, ${peakRssMb(pid)} MB after the job (process tree ${tree.peakSumMb()} MB)`,
  );
} catch (e) {
  // A worker that runs out of memory takes the service down: the client sees the connection drop.
  console.log(`failed: ${String(e)}; service peak RSS ${peakRssMb(pid)} MB, last RSS ${rssMb(pid)} MB`);
} finally {
  tree.stop();
  await cluster.stop();
}
