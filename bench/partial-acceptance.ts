/**
 * Partial acceptance under a sloppy model (issue 10 target: ≥ 99% of the other values arrive, and
 * every dropped value is listed in `violations`).
 *
 * A Gemini stand-in (test/helpers/gemini-stub.ts, spoken to through the real @google/genai SDK and
 * the real pipeline) returns long lists in turns and corrupts ONE value in 5% of the items of every
 * answer it gives, repair answers included: a date with a weekday, an amount with its currency, an
 * enum value in the wrong case, a reference that misses its pattern, an empty description. The
 * corrupted fields are a mix of required and optional ones. `id` is never corrupted: it is how
 * result items are matched to the truth.
 *
 * Two models are measured:
 * - "sloppy": each answer corrupts its own random 5% (so a repair usually brings the right value);
 * - "stubborn": the repair answer repeats the same corruptions (every corrupted value is lost; an
 *   item whose REQUIRED field is corrupted is dropped whole, as the schema allows nothing less).
 * The target applies to "sloppy"; "stubborn" shows the worst case honestly.
 *
 *   node bench/partial-acceptance.ts [items per list] [lists]
 */
import { createGeminiProvider } from '../src/models/gemini.ts';
import { runExtraction } from '../src/pipeline/run-extraction.ts';
import type { DocumentLayout, ExtractConfig, JsonSchema, PipelineEvent, Violation } from '../src/domain/types.ts';
import { startGeminiStub } from '../test/helpers/gemini-stub.ts';
import type { StubRequest } from '../test/helpers/gemini-stub.ts';

const ITEMS = Number(process.argv[2] ?? 400);
const LISTS = Number(process.argv[3] ?? 3);
const CORRUPT_SHARE = 0.05;
const ITEMS_PER_TURN = 50;

const itemSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    date: { type: 'string', format: 'date' },
    description: { type: 'string', minLength: 1 },
    amount: { type: 'number' },
    currency: { enum: ['EUR', 'USD', 'GBP'] },
    reference: { type: 'string', pattern: '^REF-[0-9]+$' },
  },
  required: ['id', 'date', 'description', 'amount'],
};
type Item = { id: string; date: string; description: string; amount: number; currency: string; reference: string };
const FIELDS = ['date', 'description', 'amount', 'currency', 'reference'] as const;
const CORRUPT: Record<(typeof FIELDS)[number], (item: Item) => unknown> = {
  date: (item) => `Monday ${item.date}`,
  description: () => '',
  amount: (item) => `${item.amount.toFixed(2)} EUR`,
  currency: (item) => item.currency.toLowerCase(),
  reference: (item) => item.reference.toLowerCase(),
};

const schema: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: LISTS }, (_, l) => [`list${l}`, { type: 'array', items: itemSchema }])),
};

function truthOf(list: number): Item[] {
  return Array.from({ length: ITEMS }, (_, i) => ({
    id: `L${list}-${i}`,
    date: `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
    description: `Item ${i} of list ${list}`,
    amount: Math.round((i + 1) * 137.31) / 100,
    currency: ['EUR', 'USD', 'GBP'][i % 3] as string,
    reference: `REF-${1000 + i}`,
  }));
}
const truth = Array.from({ length: LISTS }, (_, l) => truthOf(l));

/** Deterministic pseudo-random numbers in [0, 1) from a seed (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function listOf(request: StubRequest): number {
  return Number(/"\/list(\d+)"/.exec(request.prompt)?.[1] ?? 0);
}

async function measure(mode: 'sloppy' | 'stubborn') {
  const stub = await startGeminiStub();
  stub.respond((request) => {
    const list = listOf(request);
    const from = Number(/(\d+) items were already extracted/.exec(request.prompt)?.[1] ?? 0);
    const isRepair = request.prompt.includes('Your previous answer was');
    // The stubborn model corrupts the same values in its repair answer; the sloppy one rolls again.
    const rand = random(list * 1_000_003 + from * 31 + (mode === 'sloppy' && isRepair ? 7 : 0));
    const items = truth[list]!.slice(from, from + ITEMS_PER_TURN).map((item) => {
      if (rand() >= CORRUPT_SHARE) return item;
      const field = FIELDS[Math.floor(rand() * FIELDS.length)]!;
      return { ...item, [field]: CORRUPT[field](item) };
    });
    return { kind: 'json', value: { items, done: from + items.length >= ITEMS } };
  });

  const layout: DocumentLayout = {
    pageCount: 1,
    pages: [{ page: 1, width: 600, height: 800, hasTextLayer: true, lines: [{ text: 'Statement', bbox: { x0: 0, y0: 0, x1: 50, y1: 10 }, spans: [] }] }],
  };
  const config: ExtractConfig = {
    model: 'GEMINI_2_5_FLASH', modelName: null, maxNumConcurrentRequests: 5, validateResponseSchema: true, perKeyAttribution: false,
    temperature: null, seed: null, enableThinking: false, nMaxRetries: 0, additionalInstructions: null,
    enableAgenticArrayExtraction: true, extractionTarget: 'PER_DOC', targetPages: null, maxPages: null,
  };
  const events: PipelineEvent[] = [];
  try {
    const outcome = await runExtraction({
      layout,
      schema,
      config,
      provider: createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'bench', baseUrl: stub.url, maxRetries: 0 }),
      sectionTokenBudget: 100_000,
      emit: (e) => {
        events.push(e);
      },
      signal: new AbortController().signal,
    });
    const violations: Violation[] = events.flatMap((e) => (e.type === 'SUBTREE_RESULT' ? (e.violations ?? []) : []));
    const listed = new Set(violations.map((v) => v.path));
    const results = outcome.results as Record<string, Item[] | null>;

    let corruptedLost = 0;
    let otherValues = 0;
    let otherArrived = 0;
    const unlisted: string[] = [];
    for (let l = 0; l < LISTS; l++) {
      const byId = new Map((results[`list${l}`] ?? []).map((item) => [item.id, item]));
      truth[l]!.forEach((item, i) => {
        const got = byId.get(item.id);
        for (const field of FIELDS) {
          const arrived = got !== undefined && got[field] === item[field];
          const lostListed = listed.has(`/list${l}/${i}/${field}`) || listed.has(`/list${l}/${i}`);
          // A value listed as dropped by itself was a corrupted one; everything else is "other".
          if (listed.has(`/list${l}/${i}/${field}`)) {
            if (!arrived) corruptedLost++;
            continue;
          }
          otherValues++;
          if (arrived) otherArrived++;
          else if (!lostListed) unlisted.push(`/list${l}/${i}/${field}`);
        }
      });
    }
    const repairs = stub.requests.filter((r) => r.prompt.includes('Your previous answer was')).length;
    return { outcome, violations, corruptedLost, otherValues, otherArrived, unlisted, calls: stub.requests.length, repairs };
  } finally {
    await stub.close();
  }
}

let failed = false;
for (const mode of ['sloppy', 'stubborn'] as const) {
  const r = await measure(mode);
  const share = r.otherArrived / r.otherValues;
  const itemsDropped = r.violations.filter((v) => /^\/list\d+\/\d+$/.test(v.path)).length;
  console.log(
    `${mode.padEnd(8)} ${LISTS} lists x ${ITEMS} items, ${(CORRUPT_SHARE * 100).toFixed(0)}% of items corrupted per answer: ` +
      `${r.calls} calls (${r.repairs} repairs), ${r.violations.length} violations (${itemsDropped} whole items), ` +
      `other values arrived ${r.otherArrived}/${r.otherValues} = ${(share * 100).toFixed(2)}%, ` +
      `failed subtrees ${r.outcome.failedPaths.length}, dropped values not listed in violations: ${r.unlisted.length}`,
  );
  if (r.unlisted.length > 0) {
    console.log(`  not listed: ${r.unlisted.slice(0, 10).join(', ')}`);
    failed = true;
  }
  if (mode === 'sloppy' && share < 0.99) failed = true;
}
console.log(failed ? 'TARGET MISSED' : 'target met: >= 99% of the other values arrive (sloppy model), every lost value is listed in violations');
process.exitCode = failed ? 1 : 0;
