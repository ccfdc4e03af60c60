/**
 * Field accuracy of the LOCAL extractor on the realistic corpus in bench/corpus/ (PDFs printed by
 * wkhtmltopdf, LibreOffice and groff/Ghostscript, not by pdf-lib). Each document goes through the
 * real path: readLayout → runExtraction with the LOCAL provider and default config → compared
 * leaf by leaf with its expected.json (rules in bench/corpus-tools/score-extraction.ts).
 *
 *   node_modules/.bin/node bench/local-accuracy.ts [--verbose] [--corpus heldout|fresh|fresh2|fresh3|fresh4|fresh5|train] [id-prefix]
 *
 * --corpus heldout scores bench/corpus-heldout/ instead: documents in styles LOCAL was not tuned
 * on, so its figure is the one to trust for unseen documents.
 * --corpus fresh scores bench/corpus-fresh/ (bench/corpus-tools/make-fresh.ts): made after LOCAL
 * was tuned on the held-out set too, and kept untuned, so it is now the figure to trust.
 * --corpus fresh2 scores bench/corpus-fresh2/ (make-fresh2.ts): a second unseen set, made after
 * LOCAL was tuned on fresh and train.
 * --corpus fresh3 scores bench/corpus-fresh3/ (make-fresh3.ts): a third unseen set, made after
 * LOCAL was tuned on fresh2.
 * --corpus fresh4 scores bench/corpus-fresh4/ (make-fresh4.ts): a fourth unseen set, made after
 * LOCAL was tuned on fresh3 (67.6% untuned).
 * --corpus fresh5 scores bench/corpus-fresh5/ (make-fresh5.ts): a fifth unseen set, made after
 * LOCAL was tuned on fresh4.
 * --corpus train scores bench/corpus-train/ (make-train.ts): documents written to exercise the
 * weaknesses the fresh set showed; LOCAL is tuned on them, so they say nothing about unseen layouts.
 * --verbose lists every leaf that is not correct.
 */
import { join } from 'node:path';
import type { DocumentScore, LeafResult, Outcome } from './corpus-tools/score-extraction.ts';
import { accuracyOf, CORPUS_DIR, corpusIds, countOutcomes, HELDOUT_DIR, scoreDocument } from './corpus-tools/score-extraction.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const corpusAt = args.indexOf('--corpus');
const corpusName = corpusAt >= 0 ? args[corpusAt + 1] : 'tuned';
if (corpusName !== 'tuned' && corpusName !== 'heldout' && corpusName !== 'fresh' && corpusName !== 'fresh2' && corpusName !== 'fresh3' && corpusName !== 'fresh4' && corpusName !== 'fresh5' && corpusName !== 'train') throw new Error(`--corpus must be tuned, heldout, fresh, fresh2, fresh3, fresh4, fresh5 or train, not ${String(corpusName)}`);
const corpusDir = corpusName === 'heldout' ? HELDOUT_DIR : corpusName === 'fresh' || corpusName === 'fresh2' || corpusName === 'fresh3' || corpusName === 'fresh4' || corpusName === 'fresh5' || corpusName === 'train' ? join(import.meta.dirname, `corpus-${corpusName}`) : CORPUS_DIR;
const prefix = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--corpus');
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const row = (name: string, c: Record<Outcome, number>): string =>
  `${name.padEnd(34)} ${String(c.correct).padStart(7)} ${String(c.wrong).padStart(6)} ${String(c.missing).padStart(8)} ${String(c.extra).padStart(6)} ${pct(accuracyOf(c)).padStart(8)}`;
const HEAD = `${'document'.padEnd(34)} correct  wrong  missing  extra accuracy`;

const scores: DocumentScore[] = [];
console.log(HEAD);
for (const id of corpusIds(corpusDir).filter((i) => prefix === undefined || i.startsWith(prefix))) {
  const s = await scoreDocument(id, corpusDir);
  scores.push(s);
  console.log(row(id, s.counts));
  if (verbose) {
    for (const l of s.leaves.filter((x) => x.outcome !== 'correct')) {
      console.log(`    ${l.outcome.padEnd(7)} ${l.path.padEnd(30)} expected ${JSON.stringify(l.expected)} got ${JSON.stringify(l.actual)}`);
    }
  }
}
const all: LeafResult[] = scores.flatMap((s) => s.leaves);
console.log('-'.repeat(HEAD.length));
console.log(row('ALL', countOutcomes(all)));

const group = (title: string, key: (l: LeafResult) => string): void => {
  console.log(`\n${title}`);
  const keys = [...new Set(all.map(key))].sort();
  for (const k of keys) console.log(row(k, countOutcomes(all.filter((l) => key(l) === k))));
};
group('by field type', (l) => l.type);
group('by field', (l) => l.field);
console.log(`\nOVERALL FIELD ACCURACY: ${pct(accuracyOf(countOutcomes(all)))} (${countOutcomes(all).correct} of ${all.length} leaves, ${scores.length} documents)`);
