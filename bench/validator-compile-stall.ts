/**
 * How long a worker's event loop stalls while a new schema's validator is prepared
 * (pipeline/prepare-validator.ts): meanwhile no other job of the process reads an answer, sends
 * a call or writes an event. One process, as a worker: the event loop's longest delay (perf_hooks'
 * monitor) while each schema is prepared, then checked once (its first check runs whatever the
 * preparation left to do); and, in rounds of their own without the monitor, the CPU time the
 * event loop's own thread spends on that (a compile thread's is not counted: the process's other
 * jobs wait for this thread only), which the machine's load moves less than the delay. Each round uses a fresh copy of each schema (see `fresh`), so
 * nothing comes from the validator's cache, nor from V8's.
 *
 *   node bench/validator-compile-stall.ts [rounds] [checkout]
 *
 * `checkout` (default: this one) is the source tree whose validator is measured, so that a
 * checkout without the change can be measured by the same script, in alternation. Timings on a
 * shared machine are indicative only: compare both checkouts in the same minutes, and note the load.
 */
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { manySubtreesSchema } from './lib/documents.ts';

type Schema = Record<string, unknown>;
interface Validator {
  validate(schema: Schema, value: unknown): string[];
  prepare(schema: Schema): Promise<void> | void;
}

const rounds = Number(process.argv[2] ?? 5);
const checkout = path.resolve(process.argv[3] ?? path.join(import.meta.dirname, '..'));
const src = (file: string) => pathToFileURL(path.join(checkout, 'src', file)).href;
const { createValueValidator } = (await import(src('pipeline/validate-value.ts'))) as { createValueValidator: () => Validator };
const { resolveRefs } = (await import(src('json-schema/resolve-refs.ts'))) as { resolveRefs: (s: Schema) => Schema };
const { sectionAnswerSchema } = (await import(src('pipeline/lenient-schema.ts'))) as { sectionAnswerSchema: (s: Schema) => Schema };

/** As pydantic writes a model: each optional field `anyOf [T, null]`, nested models under `$defs` (here written out, as a job's result schema is). */
function pydanticStyle(models: number): Schema {
  const optional = (t: object) => ({ anyOf: [t, { type: 'null' }], default: null });
  const defs: Record<string, unknown> = {};
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < models; i++) {
    defs[`Model${i}`] = {
      type: 'object',
      title: `Model${i}`,
      properties: {
        name: { type: 'string', title: 'Name' },
        code: optional({ type: 'string', pattern: '^[A-Z]{2}[0-9]{3,}$' }),
        date: optional({ type: 'string', format: 'date' }),
        amount: optional({ type: 'number' }),
        quantity: optional({ type: 'integer', minimum: 0 }),
        kind: optional({ enum: ['a', 'b', 'c'] }),
        email: optional({ type: 'string', format: 'email' }),
        note: optional({ type: 'string', maxLength: 200 }),
      },
      required: ['name'],
    };
    properties[`group_${i}`] = i % 2 ? { type: 'array', items: { $ref: `#/$defs/Model${i}` } } : optional({ $ref: `#/$defs/Model${i}` });
  }
  return resolveRefs({ type: 'object', $defs: defs, properties });
}

/**
 * A copy of `schema` no earlier round compiled: a property of the round's own name changes the
 * generated code too, so that V8's cache of compiled code (which a changed `title` would not
 * defeat) has not seen it either.
 */
function fresh(schema: Schema, round: number): Schema {
  if (schema['type'] === 'array') return { ...schema, items: fresh(schema['items'] as Schema, round) };
  return { ...schema, properties: { ...(schema['properties'] as Schema), [`round_${round}`]: { type: 'string' } } };
}

const cases: Array<{ name: string; schema: (round: number) => Schema[] }> = [
  // The machine's own noise: the same wait with nothing prepared.
  { name: 'nothing (idle loop)', schema: () => [] },
  ...[10, 40, 100].map((n) => ({ name: `${n} lists`, schema: (r: number) => [fresh(manySubtreesSchema(n), r)] })),
  { name: 'pydantic-style, 40 models', schema: (r: number) => [fresh(pydanticStyle(40), r)] },
  {
    name: "40 lists' answer schemas",
    schema: (r: number) => Object.values(manySubtreesSchema(40).properties).map((s) => sectionAnswerSchema(fresh(s, r))),
  },
];

/**
 * The event loop's longest delay while `work` runs (perf_hooks' monitor: a 1 ms timer, so the loop
 * is idle between its turns, as a worker waiting on its model calls is), and `work`'s own time.
 */
async function longestDelay(work: () => Promise<unknown>): Promise<{ delayMs: number; wallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  // Let the monitor's timer start before the work.
  await new Promise((resolve) => setTimeout(resolve, 3));
  const start = performance.now();
  await work();
  const wallMs = performance.now() - start;
  // A few more turns, so that a stall at the very end is seen too.
  await new Promise((resolve) => setTimeout(resolve, 5));
  delay.disable();
  return { delayMs: delay.max / 1e6, wallMs };
}

/**
 * The CPU time this thread spends preparing and first checking `schemas`, measured without the
 * delay monitor (whose own timer would be counted for as long as a preparation waits).
 */
async function cpuOf(schemas: Schema[]): Promise<number> {
  const before = process.threadCpuUsage();
  await Promise.all(schemas.map((s) => validator.prepare(s)));
  for (const s of schemas) validator.validate(s, {});
  const spent = process.threadCpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

const validator = createValueValidator();
// The process's first compile (ajv's generator, run once) and, with a compile thread, the thread's
// start (a schema large enough to be sent there).
validator.validate({ type: 'object', properties: { a: { type: 'string' } } }, { a: 'a' });
await validator.prepare({ ...manySubtreesSchema(20), title: 'warm-up' });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
console.log(`checkout ${checkout}, ${rounds} rounds, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log('schema                        | chars   | longest loop delay ms (median / max) | prepared in ms | first check ms | event-loop thread CPU ms');
for (const c of cases) {
  const delays: number[] = [];
  const prepared: number[] = [];
  const checks: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const schemas = c.schema(r);
    const { delayMs, wallMs } = await longestDelay(async () => {
      if (schemas.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      await Promise.all(schemas.map((s) => validator.prepare(s)));
      const t = performance.now();
      for (const s of schemas) validator.validate(s, {});
      checks.push(performance.now() - t);
    });
    delays.push(delayMs);
    cpu.push(await cpuOf(c.schema(rounds + r)));
    prepared.push(wallMs - (checks.at(-1) as number));
  }
  const chars = schemas0Chars(c.schema(0));
  console.log(
    `${c.name.padEnd(29)} | ${String(chars).padStart(7)} | ${median(delays).toFixed(1).padStart(6)} / ${Math.max(...delays).toFixed(1).padStart(6)}`.padEnd(77) +
      ` | ${median(prepared).toFixed(1).padStart(14)} | ${median(checks).toFixed(1).padStart(14)} | ${median(cpu).toFixed(1).padStart(24)}`,
  );
}
console.log(`load average after ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
process.exit(0);

function schemas0Chars(schemas: Schema[]): number {
  return schemas.reduce((sum, s) => sum + JSON.stringify(s).length, 0);
}
