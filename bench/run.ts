/**
 * `npm run bench`: every benchmark of the service's speed and memory, through its public API and
 * the model stand-in, as a user's client sees them. `npm run bench -- <name> [<name>...]` runs
 * some. Each prints a table and writes bench/results/<name>.json; bench/results/summary.json
 * holds one number per target. None is part of `npm test`: tests check behaviour, not time.
 *
 * Options: --repeat N (runs per benchmark, default 3; the figures are medians over the runs, the
 * lost, doubled and repeated counts the worst run's, lists the last run's; the JSON also has every
 * run's figures, and each summary key's values, median and p95 over the runs); --scale F (service-rss
 * does F times its full work, for quick runs).
 */
import os from 'node:os';
import { median, printTable, quantile, round, writeResult, type BenchRecord } from './lib/report.ts';

type Benchmark = () => Promise<BenchRecord>;

const BENCHMARKS: Record<string, { target: string; load: () => Promise<Benchmark> }> = {
  pickup: { target: 'p50 ≤ 10 ms, p95 ≤ 25 ms', load: async () => (await import('./benchmarks/pickup.ts')).run },
  burst20: { target: 'ratio ≤ 1.05', load: async () => (await import('./benchmarks/burst20.ts')).run },
  overhead: { target: 'ratio ≤ 1.05 at every C', load: async () => (await import('./benchmarks/overhead.ts')).run },
  throughput: { target: '≥ 100 jobs/s, 0 lost, 0 doubled', load: async () => (await import('./benchmarks/throughput.ts')).run },
  ingest: { target: 'ratio ≥ 0.45, RSS ≤ 300 MB', load: async () => (await import('./benchmarks/ingest.ts')).run },
  layout: { target: 'RSS ≤ 300 MB, flat over jobs', load: async () => (await import('./benchmarks/layout.ts')).run },
  fanout: { target: 'p95 ≤ 20 ms at 100, ≤ 100 ms at 1,000', load: async () => (await import('./benchmarks/fanout.ts')).run },
  resume: { target: '≤ 5 s, 0 repeated calls', load: async () => (await import('./benchmarks/resume.ts')).run },
  'schema-abuse': { target: "another client's viewer p95 and max < 100 ms", load: async () => (await import('./benchmarks/schema-abuse.ts')).run },
  'service-rss': {
    target: 'RSS < 400 MB over 200 uploads and 20 jobs of 500 pages',
    load: async () => {
      const { run } = await import('./benchmarks/service-rss.ts');
      return () => run({ scale });
    },
  },
  caching: { target: 'billed input share ≤ 0.35, estimate/actual input 0.75–1.25', load: async () => (await import('./benchmarks/caching.ts')).run },
};

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(
    [
      'usage: npm run bench -- [<name>...] [--repeat N] [--scale F]',
      '',
      'Runs the named benchmarks (all of them when none is named), prints a table for each and writes',
      'bench/results/<name>.json and bench/results/summary.json.',
      '',
      '  --repeat N   runs per benchmark (default 3); figures are medians over the runs, loss counts the worst run\'s',
      '  --scale F    service-rss does F times its full work, for quick runs (default 1)',
      '',
      'Benchmarks (target):',
      ...Object.entries(BENCHMARKS).map(([name, { target }]) => `  ${name.padEnd(13)} ${target}`),
    ].join('\n'),
  );
  process.exit(0);
}
const repeatAt = args.indexOf('--repeat');
const repeat = repeatAt >= 0 ? Number(args.splice(repeatAt, 2)[1]) : 3;
const scaleAt = args.indexOf('--scale');
const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 1;
const names = args.length > 0 ? args : Object.keys(BENCHMARKS);
for (const name of names) {
  if (!BENCHMARKS[name]) {
    console.error(`unknown benchmark "${name}"; choose from: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
}

/**
 * Counts whose target is zero, combined as the worst run's rather than the median: one run of
 * three that loses a job must not be reported as none lost.
 */
const WORST_OF_RUNS: ReadonlySet<string> = new Set(['jobs_lost', 'jobs_doubled', 'resume_repeated_calls', 'repeated_calls']);

/** Medians over runs of every numeric figure, the worst run's for WORST_OF_RUNS (arrays and nulls are taken from the last run). */
function combine(runs: BenchRecord[]): BenchRecord {
  const last = runs.at(-1)!;
  const across = (key: string, pick: (r: BenchRecord) => unknown) => {
    const values = runs.map(pick).filter((v): v is number => typeof v === 'number');
    if (values.length !== runs.length) return pick(last);
    return WORST_OF_RUNS.has(key) ? Math.max(...values) : round(median(values), 3);
  };
  const summaryValues = (key: string) => runs.map((r) => r.summary[key as keyof BenchRecord['summary']] ?? null);
  const spread = (values: Array<number | null>) => {
    const numbers = values.filter((v): v is number => typeof v === 'number');
    return numbers.length === 0 ? { values, median: null, p95: null } : { values, median: round(median(numbers), 3), p95: round(quantile(numbers, 0.95), 3) };
  };
  return {
    name: last.name,
    settings: { ...last.settings, runs: runs.length },
    figures: Object.fromEntries(Object.keys(last.figures).map((k) => [k, across(k, (r) => r.figures[k])])),
    summary: Object.fromEntries(Object.keys(last.summary).map((k) => [k, across(k, (r) => r.summary[k as keyof BenchRecord['summary']])])),
    ...(runs.length > 1 && {
      overRuns: {
        summary: Object.fromEntries(Object.keys(last.summary).map((k) => [k, spread(summaryValues(k))])),
        runs: runs.map(({ figures, summary }) => ({ figures, summary })),
      },
    }),
  };
}

let failed = false;
for (const name of names) {
  const bench = BENCHMARKS[name]!;
  const loadBefore = os.loadavg();
  const run = await bench.load();
  const runs: BenchRecord[] = [];
  try {
    for (let i = 0; i < repeat; i++) runs.push(await run());
  } catch (error) {
    failed = true;
    console.error(`${name}: FAILED: ${(error as Error).stack ?? error}`);
    continue;
  }
  const record = combine(runs);
  writeResult(record, loadBefore);
  printTable(`${name} (target: ${bench.target}; ${runs.length === 1 ? 'one run' : `median of ${runs.length} runs`})`, [
    Object.fromEntries(Object.entries(record.figures).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : (v as number | null)])),
  ]);
  // The combined summary hides a run that differs: print each run's value beside the median.
  for (const [key, { values, median: mid }] of Object.entries(record.overRuns?.summary ?? {})) {
    console.log(`${key}: ${mid ?? '–'} (runs: ${values.map((v) => v ?? '–').join(', ')})`);
  }
}
process.exit(failed ? 1 : 0);
