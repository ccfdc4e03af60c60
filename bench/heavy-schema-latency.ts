/**
 * Latency of another client's `{ viewer { id } }` while one client sends 20 concurrent
 * validateSchema calls with a schema just under the 1 MiB body limit (issue 16: it should stay
 * under 100 ms; with the old 5 MiB limit the issue measured up to 2 s). Runs the API
 * on the embedded Postgres (or DATABASE_URL) and prints the viewer query's latencies.
 *
 *   node bench/heavy-schema-latency.ts [heavyCalls]
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startService } from '../src/runtime/start-service.ts';
import { createTenant } from '../src/tenants/tenants.ts';

const heavyCalls = Number(process.argv[2] ?? 20);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'paperjson-bench-'));
chmodSync(dataDir, 0o755);
const key = 'pj_bench_key_0123456789abcdef';
const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', BOOTSTRAP_API_KEY: key, LOG_LEVEL: 'warn' });
const service = await startService(config, createLogger('warn', 'bench'), { api: true, worker: false });
const url = `${service.http!.url}/graphql`;

try {
  const other = (await createTenant(service.database.db, { name: 'other', maxActiveJobs: 5 })).apiKey;
  const values = Array.from({ length: 18_000 }, (_, i) => `value-${String(i).padStart(6, '0')}-${'x'.repeat(36)}`);
  const body = JSON.stringify({
    query: 'query($s: JSON!) { validateSchema(jsonSchema: $s) { valid } }',
    variables: { s: { type: 'object', properties: { code: { type: 'string', enum: values } } } },
  });
  console.log(`schema body: ${(body.length / 1024 / 1024).toFixed(1)} MB, ${heavyCalls} concurrent validations`);
  const viewer = async () => {
    const t = performance.now();
    await (await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${other}`, 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' })).json();
    return performance.now() - t;
  };
  await viewer();
  let running = true;
  const heavy = Promise.all(
    Array.from({ length: heavyCalls }, () =>
      fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body }).then((r) => r.json()),
    ),
  ).finally(() => (running = false));
  const latencies: number[] = [];
  while (running) latencies.push(await viewer());
  await heavy;
  const slowest = latencies.map((ms, i) => ({ ms: Math.round(ms), i })).sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`slowest (index in order sent): ${slowest.map((s) => `#${s.i} ${s.ms} ms`).join(", ")}`);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(0);
  console.log(`viewer queries during the abuse: ${latencies.length}; p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
