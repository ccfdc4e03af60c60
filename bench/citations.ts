/**
 * How trustworthy the citation boxes are, on documents with known truth (bench/citations-documents.ts).
 * Each document goes through the real layout reader and the real attribution, with a model
 * stand-in that returns values the way models do (numbers as numbers, dates as ISO), names the
 * right page (except where a document says otherwise) and quotes the way models do, chosen per value from a fixed seed: the printed text (40%),
 * the whole line or table row it is part of (20%), nothing (20%), or the printed text in markdown
 * bold (20%).
 *
 *   node_modules/.bin/node bench/citations.ts [--verbose]            the tuning set
 *   node_modules/.bin/node bench/citations.ts --holdout [--verbose]  the sealed set (measure once)
 *
 * Printed figures:
 * - boxed: printed values that get a box found in the text layer (target >= 95%);
 * - at word boundaries: boxes that cover one printed occurrence of the value, not part of a longer
 *   word nor a neighbour (>= 99%): overlap of at least half on both axes with a drawn occurrence;
 * - right occurrence: values whose text is printed more than once on the page, boxed on their own
 *   occurrence (>= 95%);
 * - boxes for unprinted values (target 0).
 */
import { readLayout } from '../src/pdf/read-layout.ts';
import { attributeValue } from '../src/pipeline/attribute.ts';
import type { LeafSource } from '../src/pipeline/merge-results.ts';
import type { AttributionInfo, BBox, Section } from '../src/domain/types.ts';
import { benchDocuments } from './citations-documents.ts';
import type { BenchDocument, TruthValue } from './citations-documents.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const family = args.includes('--holdout') ? 'holdout' : 'tuning';

function unionOf(boxes: BBox[]): BBox {
  return boxes.reduce((a, b) => ({ x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) }));
}

function overlap1d(a0: number, a1: number, b0: number, b1: number): number {
  const inter = Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const uni = Math.max(a1, b1) - Math.min(a0, b0);
  return uni > 0 ? inter / uni : 0;
}

/** The box covers the drawn text: at least half overlap on both axes. */
function holds(box: BBox, truth: BBox[]): boolean {
  const t = unionOf(truth);
  return overlap1d(box.x0, box.x1, t.x0, t.x1) >= 0.5 && overlap1d(box.y0, box.y1, t.y0, t.y1) >= 0.5;
}

function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const seg of pointer.split('/').slice(1)) v = (v as Record<string, unknown>)?.[seg];
  return v;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** A stable number in [0, 1) for a string (FNV-1a). */
function hash01(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 4294967296;
}

function quoteFor(t: TruthValue): { quote?: string } {
  if (t.printed === null) return { quote: t.quote };
  const r = hash01(`${family}:${t.pointer}:${t.printed}`);
  if (r < 0.4) return { quote: t.quote };
  if (r < 0.6) return { quote: t.context ?? t.quote };
  if (r < 0.8) return {};
  return { quote: `**${t.quote}**` };
}

interface Tally {
  printed: number;
  boxed: number;
  boxes: number;
  holding: number;
  repeated: number;
  rightOccurrence: number;
  unprinted: number;
  unprintedBoxed: number;
  ambiguous: number;
}

async function measure(doc: BenchDocument, tally: Tally): Promise<string[]> {
  const layout = await readLayout(doc.bytes);
  const section: Section = { pages: layout.pages, text: '', imagePages: [] };
  const sources = new Map<string, LeafSource>();
  for (const t of doc.truth) {
    sources.set(t.pointer, { evidence: { pointer: t.pointer, ...quoteFor(t), page: t.hintedPage ?? t.page, confidence: 0.9 }, section });
  }
  const attributed = attributeValue({ value: doc.value, sources }, layout.pages);
  const problems: string[] = [];
  const sameText = (t: TruthValue): TruthValue[] =>
    doc.truth.filter((o) => o.printed !== null && t.printed !== null && o.page === t.page && norm(o.printed) === norm(t.printed));
  for (const t of doc.truth) {
    const info = at(attributed, t.pointer) as AttributionInfo | undefined;
    const loc = info?.location ?? null;
    const box = loc?.bbox ?? null;
    const say = (what: string): void => {
      problems.push(`${doc.name} ${t.pointer} (${JSON.stringify(t.printed)}): ${what} -> ${loc ? `${loc.grounding} "${loc.matchedText}" ${JSON.stringify(box && Object.values(box).map(Math.round))}` : 'no location'}`);
    };
    if (loc?.ambiguous) tally.ambiguous++;
    if (t.printed === null) {
      tally.unprinted++;
      if (box) {
        tally.unprintedBoxed++;
        say('boxed although not printed');
      }
      continue;
    }
    tally.printed++;
    const found = box !== null && loc?.source === 'layout' && (loc.grounding === 'verbatim' || loc.grounding === 'normalized');
    if (!found) {
      say('not boxed');
      continue;
    }
    tally.boxed++;
    tally.boxes++;
    const occurrences = sameText(t);
    if (occurrences.some((o) => o.page === loc.page && holds(box, o.boxes))) tally.holding++;
    else say(`box does not hold the value (truth ${JSON.stringify(unionOf(t.boxes)).replace(/(\.\d)\d+/g, '$1')})`);
    if (occurrences.length > 1) {
      tally.repeated++;
      if (holds(box, t.boxes)) tally.rightOccurrence++;
      else say(`wrong occurrence of ${occurrences.length}`);
    }
  }
  return problems;
}

const tally: Tally = { printed: 0, boxed: 0, boxes: 0, holding: 0, repeated: 0, rightOccurrence: 0, unprinted: 0, unprintedBoxed: 0, ambiguous: 0 };
const docs = await benchDocuments(family);
const problems: string[] = [];
for (const doc of docs) problems.push(...(await measure(doc, tally)));
const pct = (n: number, d: number): string => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
console.log(`citations bench, ${family} set: ${docs.length} documents, ${tally.printed + tally.unprinted} values`);
console.log(`printed values boxed:            ${pct(tally.boxed, tally.printed).padStart(7)}  (${tally.boxed} of ${tally.printed}; target >= 95%)`);
console.log(`boxes holding the value:         ${pct(tally.holding, tally.boxes).padStart(7)}  (${tally.holding} of ${tally.boxes}; target >= 99%)`);
console.log(`right occurrence where repeated: ${pct(tally.rightOccurrence, tally.repeated).padStart(7)}  (${tally.rightOccurrence} of ${tally.repeated}; target >= 95%)`);
console.log(`boxes for unprinted values:      ${String(tally.unprintedBoxed).padStart(7)}  (of ${tally.unprinted}; target 0)`);
console.log(`marked ambiguous:                ${String(tally.ambiguous).padStart(7)}`);
if (verbose) for (const p of problems) console.log(`  ${p}`);
