/**
 * Peak memory of the service (API and worker in one process, as `npm start` runs it) over large
 * uploads alone: one upload of a scan-like PDF just under the default MAX_UPLOAD_BYTES (50 MiB),
 * four such uploads at once (two are read while two wait for a reader), and one of ~100 MB (the
 * limit raised for it). Each case starts a service of its own, so that each peak (VmHWM) is its
 * own. The reader children are measured apart (their largest peak). Indicative only: run it
 * alone, and alternate it with the code before a change.
 *
 *   node bench/upload-memory.ts [one-50 | four-50 | one-100 ...]   (default: all three)
 */
import { peakRssMb, rssMb, sampleProcessTree, startCluster } from './lib/cluster.ts';
import { scanLikePdf } from './lib/documents.ts';

const MIB = 2 ** 20;
const CASES = {
  'one-50': { uploads: 1, limitBytes: 50 * MIB, fileBytes: 50 * MIB },
  'four-50': { uploads: 4, limitBytes: 50 * MIB, fileBytes: 50 * MIB },
  'one-100': { uploads: 1, limitBytes: 200 * MIB, fileBytes: 100 * 1e6 },
} as const;
type CaseName = keyof typeof CASES;

const names = (process.argv.length > 2 ? process.argv.slice(2) : Object.keys(CASES)) as CaseName[];
for (const name of names) if (!(name in CASES)) throw new Error(`unknown case ${name}; one of ${Object.keys(CASES).join(', ')}`);

/** The largest scan-like PDF of at most `maxBytes` (a page is ~197 KB). */
async function pdfOfAtMost(maxBytes: number): Promise<Uint8Array> {
  let pages = Math.floor(maxBytes / 197_000);
  for (;;) {
    const bytes = await scanLikePdf(pages);
    if (bytes.byteLength <= maxBytes) return bytes;
    pages -= Math.ceil((bytes.byteLength - maxBytes) / 190_000);
  }
}

for (const name of names) {
  const { uploads, limitBytes, fileBytes } = CASES[name];
  const bytes = await pdfOfAtMost(fileBytes);
  const cluster = await startCluster({ workers: 0, allInOne: true, modelLatencyMs: 0, env: { MAX_UPLOAD_BYTES: String(limitBytes) } });
  const pid = cluster.api.child.pid!;
  const idle = rssMb(pid);
  const tree = sampleProcessTree(pid);
  try {
    const started = performance.now();
    const answers = await Promise.allSettled(Array.from({ length: uploads }, (_, i) => cluster.client.upload(bytes, `${name}-${i}.pdf`)));
    const seconds = (performance.now() - started) / 1000;
    const failed = answers.filter((answer) => answer.status === 'rejected');
    if (failed.length > 0) {
      console.log(`${name}: ${failed.length} of ${uploads} uploads failed: ${String(failed[0]!.reason)}; the service's last words:`);
      console.log(cluster.api.output.slice(-10).join('\n'));
    }
    console.log(
      `${name}: ${uploads} × ${(bytes.byteLength / MIB).toFixed(1)} MiB in ${seconds.toFixed(1)} s;`,
      `service RSS ${idle} MB idle, peak ${peakRssMb(pid)} MB; reader child peak ${tree.childPeakMb()} MB; process tree peak ${tree.peakSumMb()} MB`,
    );
  } finally {
    tree.stop();
    await cluster.stop();
  }
}
