/**
 * Issue 16 §2: one client's heavy schema checks must not hold up another client. Client A (its own
 * tenant and key) sends validateSchema, createSchema and startExtractionJob, 20 at once each, with
 * schemas of ~4.9 MB (under a 5 MiB body limit, which the API is configured with here; its
 * default is 1 MiB) in several shapes, with a 100,000-value enum, with a 22 KB schema whose
 * `$ref`s expand it 2^11 times, with 25 KB schemas of few values but 2^9 alternatives each with
 * its own `pattern` (a distinct description per request, so that no kept check answers it), and
 * with a realistic 12 KB schema whose 1,000-value enum is used by four properties (the same text
 * each time: a burst of it should be checked once, none refused). Meanwhile client B (another
 * tenant) sends `{ viewer { id } }` every 20 ms. Target: B's p95 and max under 100 ms.
 *
 * Figures: B's p50/p95/max for 3 s before the abuse (the machine's own noise), over the whole
 * abuse and per shape, and how long A's bursts took (all 20 answered; slowest single request). Schemas are written as JSON text here, so that a
 * 100,000-level nesting cannot overflow the benchmark's own JSON.stringify. B runs in a thread of
 * its own (schema-abuse-bystander.ts), so that A's sending does not delay B's own event loop;
 * both threads' loop delays are reported beside B's figures.
 */
import { once } from 'node:events';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { createDb } from '../../src/db/create-db.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { quantile, round, type BenchRecord } from '../lib/report.ts';
import type { BystanderReport } from './schema-abuse-bystander.ts';

const CONCURRENT = 20;
const POLL_EVERY_MS = 20;
const BODY_LIMIT = 5 * 1024 * 1024;
const TARGET_BYTES = 4.9 * 1000 * 1000;

const property = (i: number) => `"p${i}":{"type":"string","description":"field ${i} of the invoice"}`;

/**
 * Schema texts by shape, each close to TARGET_BYTES except the enum (100,000 values), expandingRefs
 * (small text, huge expansion), alternatives and enumUses (small); a function gives each request
 * its own text.
 */
function shapes(): Record<string, string | ((request: number) => string)> {
  const wideCount = Math.floor(TARGET_BYTES / property(100_000).length);
  const wide = `{"type":"object","properties":{${Array.from({ length: wideCount }, (_, i) => property(i)).join(',')}}}`;
  // One chain of nested objects as deep as the size allows.
  const open = '{"type":"object","properties":{"n":';
  const close = '}}';
  const levels = Math.floor(TARGET_BYTES / (open.length + close.length));
  const deep = `${open.repeat(levels)}{"type":"string"}${close.repeat(levels)}`;
  // A tree: 8 levels, 6 objects per level, leaves filling the rest.
  const leaf = (i: number) => `"l${i}":{"type":"number"}`;
  const node = (level: number): string =>
    level === 0
      ? `{"type":"object","properties":{${Array.from({ length: 3 }, (_, i) => leaf(i)).join(',')}}}`
      : `{"type":"object","properties":{${Array.from({ length: 6 }, (_, i) => `"c${i}":${node(level - 1)}`).join(',')}}}`;
  let tree = node(1);
  for (let level = 2; level < 9 && node(level).length < TARGET_BYTES; level++) tree = node(level);
  // Many alternatives: one anyOf with as many small branches as fit.
  const branch = (i: number) => `{"type":"object","properties":{"k${i}":{"type":"integer","minimum":${i}}}}`;
  const branches = Math.floor(TARGET_BYTES / (branch(100_000).length + 1));
  const anyOf = `{"type":"object","properties":{"v":{"anyOf":[${Array.from({ length: branches }, (_, i) => branch(i)).join(',')}]}}}`;
  const values = Array.from({ length: 100_000 }, (_, i) => `"code-${i}"`).join(',');
  const enumSchema = `{"type":"object","properties":{"code":{"type":"string","enum":[${values}]}}}`;
  // Just under checkSchema's 100,000-value bound, so that it is checked in full (and refused for 99,990 properties).
  const underCap = `{"type":"object","properties":{${Array.from({ length: 99_990 }, (_, i) => `"p${i}":{}`).join(',')}}}`;
  // Small as written (22 KB) but within every check limit its $refs expand: a definition carrying
  // a nested $defs of 2,000 entries, reached 2^11 times through `c_i: anyOf [c_(i+1), c_(i+1)]`.
  // Its check cost the API thread 1.6-1.9 s of CPU when it was judged small by its text alone.
  const definitions: Record<string, unknown> = { f: { type: 'string', $defs: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`x${i}`, {}])) } };
  for (let i = 0; i < 11; i++) definitions[`c${i}`] = { anyOf: [{ $ref: `#/$defs/c${i + 1}` }, { $ref: `#/$defs/c${i + 1}` }] };
  definitions['c11'] = { $ref: '#/$defs/f' };
  const expandingRefs = JSON.stringify({ type: 'object', $defs: definitions, properties: { a: { $ref: '#/$defs/c0' } } });
  // Few values, many schema objects: a binary anyOf of 2^9 string leaves, each with its own pattern.
  const alternative = (depth: number, at: number): string =>
    depth === 0 ? `{"type":"string","pattern":"^a${at}"}` : `{"anyOf":[${alternative(depth - 1, 2 * at)},${alternative(depth - 1, 2 * at + 1)}]}`;
  const alternativesTree = alternative(9, 0);
  const alternatives = (request: number) => `{"type":"object","description":"request ${request} ${Date.now()}","properties":{"a":${alternativesTree}}}`;
  const codes = Array.from({ length: 1000 }, (_, i) => `"value-${i}"`).join(',');
  const enumUses = `{"type":"object","$defs":{"code":{"type":"string","enum":[${codes}]}},"properties":{"a":{"$ref":"#/$defs/code"},"b":{"$ref":"#/$defs/code"},"c":{"$ref":"#/$defs/code"},"d":{"$ref":"#/$defs/code"}}}`;
  const all = { wide, deep, tree, anyOf, enum: enumSchema, underCap, expandingRefs, alternatives, enumUses };
  // SCHEMA_ABUSE_SHAPES=expandingRefs,enum sends only those shapes (for a quick before/after of one).
  const only = process.env['SCHEMA_ABUSE_SHAPES']?.split(',');
  return only ? Object.fromEntries(Object.entries(all).filter(([shape]) => only.includes(shape))) : all;
}

function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  return `${e.message}${e.cause ? ` (${e.cause.code ?? ''} ${e.cause.message ?? ''})` : ''}`;
}

const OPERATIONS = {
  validateSchema: 'query($s: JSON!) { validateSchema(jsonSchema: $s) { valid } }',
  createSchema: 'mutation($s: JSON!) { createSchema(name: "abuse", jsonSchema: $s) { id } }',
  startExtractionJob: 'mutation($d: ID!, $s: JSON!) { startExtractionJob(input: { documentId: $d, jsonSchema: $s }) { jobId } }',
} as const;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 0, modelLatencyMs: 10, env: { MAX_REQUEST_BYTES: String(BODY_LIMIT) } });
  try {
    const graphql = `${cluster.client.url}/graphql`;
    const keyA = cluster.client.key;
    const { id: documentId } = await cluster.client.upload(await textPdf(1), 'one.pdf');
    const database = createDb(cluster.databaseUrl, { max: 1 });
    const keyB = (await createTenant(database.db, { name: 'bystander', maxActiveJobs: 5 })).apiKey;
    await database.close();

    const post = async (key: string, body: string | Uint8Array<ArrayBuffer>) => {
      const response = await fetch(graphql, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
    };
    const failures: string[] = [];
    // B polls in its own thread; phases are told apart by time (the sample's start).
    const bystander = new Worker(new URL('./schema-abuse-bystander.ts', import.meta.url), {
      workerData: { url: graphql, key: keyB, pollEveryMs: POLL_EVERY_MS },
    });
    await once(bystander, 'message');
    const now = () => performance.timeOrigin + performance.now();
    const phases: Array<{ phase: string; from: number }> = [{ phase: 'baseline', from: 0 }];
    // B alone first: what this machine gives a viewer query without any abuse.
    await new Promise((r) => setTimeout(r, 3000));

    // A's event-loop delay during the abuse (B's thread reports its own).
    const clientDelay = monitorEventLoopDelay({ resolution: 10 });
    clientDelay.enable();
    const figures: Record<string, unknown> = {};
    const outcomes: Record<string, Record<string, number>> = {};
    const bursts: Record<string, { allMs: number; slowestMs: number }> = {};
    const schemas = shapes();
    for (const [shape, schema] of Object.entries(schemas)) {
      phases.push({ phase: shape, from: now() });
      const shapeStarted = performance.now();
      for (const [operation, query] of Object.entries(OPERATIONS)) {
        // Encoded once here: encoding 20 × 4.9 MB per burst would hold up this process's own event
        // loop, and with it B's measurements. A shape of small texts, one per request, is encoded per request.
        const encode = (text: string) => new TextEncoder().encode(`{"query":${JSON.stringify(query)},"variables":{"d":${JSON.stringify(documentId)},"s":${text}}}`);
        const shared = typeof schema === 'string' ? encode(schema) : null;
        const bodies = Array.from({ length: CONCURRENT }, (_, i) => shared ?? encode((schema as (request: number) => string)(i)));
        for (const body of bodies) if (body.byteLength > BODY_LIMIT) throw new Error(`${shape} body is ${body.byteLength} bytes, over the ${BODY_LIMIT} limit`);
        const started = performance.now();
        const answers = await Promise.all(
          bodies.map(async (body) => {
            const t = performance.now();
            try {
              return { ...(await post(keyA, body)), ms: performance.now() - t };
            } catch (error) {
              failures.push(`${shape}.${operation}: ${describe(error)}`);
              return { status: 0, body: {}, ms: performance.now() - t };
            }
          }),
        );
        const key = `${shape}.${operation}`;
        bursts[key] = { allMs: Math.round(performance.now() - started), slowestMs: Math.round(Math.max(...answers.map((a) => a.ms))) };
        const counts: Record<string, number> = {};
        for (const { status, body: answer } of answers) {
          const outcome = `${status} ${answer.errors?.[0]?.extensions?.code ?? (answer.data ? 'data' : '?')}`;
          counts[outcome] = (counts[outcome] ?? 0) + 1;
        }
        outcomes[key] = counts;
      }
      figures[`a_ms_${shape}`] = Math.round(performance.now() - shapeStarted);
      figures[`body_kb_${shape}`] = Math.round((typeof schema === 'string' ? schema : schema(0)).length / 1024);
    }
    clientDelay.disable();
    const report = once(bystander, 'message') as Promise<[BystanderReport]>;
    bystander.postMessage('stop');
    const [{ samples: timed, failures: viewerFailures, loopDelayMaxMs }] = await report;
    await bystander.terminate();
    failures.push(...viewerFailures);
    const samples = timed.map(({ at, ms }) => ({ at, ms, phase: phases.findLast((p) => p.from <= at)!.phase }));

    const during = samples.filter((s) => s.phase !== 'baseline').map((s) => s.ms);
    const baseline = samples.filter((s) => s.phase === 'baseline').map((s) => s.ms);
    for (const shape of Object.keys(schemas)) {
      const ms = samples.filter((s) => s.phase === shape).map((s) => s.ms);
      figures[`b_p95_ms_${shape}`] = round(quantile(ms, 0.95), 1);
      figures[`b_max_ms_${shape}`] = round(Math.max(...ms), 1);
    }
    const p95 = round(quantile(during, 0.95), 1);
    const max = round(Math.max(...during), 1);
    console.log(`A's bursts of ${CONCURRENT} (all answered after / slowest one, ms): ${JSON.stringify(bursts)}`);
    console.log(`A's answers (status code × count): ${JSON.stringify(outcomes)}`);
    if (failures.length > 0) console.log(`failed requests (${failures.length}): ${failures.slice(0, 10).join('; ')}`);
    if (cluster.api.child.exitCode !== null) throw new Error(`the API exited (${cluster.api.child.exitCode}): ${cluster.api.output.slice(-10).join('\n')}`);
    return {
      name: 'schema-abuse',
      settings: {
        concurrent: CONCURRENT,
        pollEveryMs: POLL_EVERY_MS,
        bodyLimitBytes: BODY_LIMIT,
        bursts,
        outcomes,
        // B's slowest samples with their start (epoch ms), to line them up with the API's own traces.
        b_slowest: [...samples].sort((a, b) => b.ms - a.ms).slice(0, 12).map((s) => ({ at: Math.round(s.at), ms: round(s.ms, 1), phase: s.phase })),
      },
      figures: {
        b_baseline_p50_ms: round(quantile(baseline, 0.5), 1),
        b_baseline_p95_ms: round(quantile(baseline, 0.95), 1),
        b_baseline_max_ms: round(Math.max(...baseline), 1),
        b_requests: during.length,
        client_loop_delay_max_ms: round(clientDelay.max / 1e6, 1),
        b_loop_delay_max_ms: round(loopDelayMaxMs, 1),
        failed_requests: failures.length,
        b_p50_ms: round(quantile(during, 0.5), 1),
        b_p95_ms: p95,
        b_max_ms: max,
        ...figures,
      },
      summary: { viewer_p95_ms_under_schema_abuse: p95, viewer_max_ms_under_schema_abuse: max },
    };
  } catch (error) {
    console.error(cluster.api.output.slice(-20).join('\n'));
    throw error;
  } finally {
    await cluster.stop();
  }
}
