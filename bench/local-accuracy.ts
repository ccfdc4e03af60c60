/**
 * The one printer of LOCAL's field accuracy on the corpus sets of bench/corpora/manifest.json.
 * Each document goes through the real path: readLayout → runExtraction with the LOCAL provider and
 * default config → compared leaf by leaf with its expected.json (rules in
 * bench/corpus-tools/score-extraction.ts).
 *
 *   node_modules/.bin/node bench/local-accuracy.ts [--set NAME] [--verbose] [id-prefix]
 *   node_modules/.bin/node bench/local-accuracy.ts --sealed NAME
 *
 * Without --set it scores every tuning set and prints one line per set beside its untuned figure.
 * --set NAME scores one tuning set per document (and with --verbose lists every leaf that is not
 * correct). A sealed set is scored only with --sealed NAME, and only as totals per outcome:
 * they are measured once before a round of changes and once at its end, never read leaf by leaf.
 */
import type { CorpusSet, DocumentScore, LeafResult, Outcome } from './corpus-tools/score-extraction.ts';
import { accuracyOf, corpusIds, countOutcomes, readManifest, scoreDocument, setDir, unfetched } from './corpus-tools/score-extraction.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const sealedAt = args.indexOf('--sealed');
const sealedName = sealedAt >= 0 ? args[sealedAt + 1] : undefined;
const setAt = args.indexOf('--set');
const setName = setAt >= 0 ? args[setAt + 1] : undefined;
const prefix = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--set' && args[i - 1] !== '--sealed');
// Table sets ('cells') are scored by cell F1 in bench/table-f1.ts.
const manifest = readManifest().filter((s) => s.measure === 'fields');

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const row = (name: string, c: Record<Outcome, number>, note = ''): string =>
  `${name.padEnd(34)} ${String(c.correct).padStart(7)} ${String(c.wrong).padStart(6)} ${String(c.missing).padStart(8)} ${String(c.extra).padStart(6)} ${pct(accuracyOf(c)).padStart(8)}${note}`;
const HEAD = `${'document / set'.padEnd(34)} correct  wrong  missing  extra accuracy`;

async function scoreSet(set: CorpusSet, onDocument?: (s: DocumentScore) => void): Promise<LeafResult[]> {
  if (unfetched(set)) throw new Error(`set ${set.name}: its PDFs are not in place; run node_modules/.bin/node ${set.fetch ?? ''}`);
  const leaves: LeafResult[] = [];
  for (const id of corpusIds(setDir(set.name)).filter((i) => prefix === undefined || i.startsWith(prefix))) {
    const s = await scoreDocument(id, setDir(set.name));
    leaves.push(...s.leaves);
    onDocument?.(s);
  }
  return leaves;
}

const untunedNote = (set: CorpusSet): string => `   (untuned ${set.untuned === null ? 'not measured' : pct(set.untuned.accuracy)})`;

if (setName !== undefined) {
  const set = manifest.find((s) => s.name === setName);
  if (set === undefined) throw new Error(`--set must be one of ${manifest.map((s) => s.name).join(', ')}, not ${setName}`);
  if (set.role === 'sealed') throw new Error(`set ${setName} is sealed: score it with --sealed, totals only`);
  console.log(HEAD);
  const all = await scoreSet(set, (s) => {
    console.log(row(s.id, s.counts));
    if (!verbose) return;
    for (const l of s.leaves.filter((x) => x.outcome !== 'correct')) {
      console.log(`    ${l.outcome.padEnd(7)} ${l.path.padEnd(30)} expected ${JSON.stringify(l.expected)} got ${JSON.stringify(l.actual)}`);
    }
  });
  console.log('-'.repeat(HEAD.length));
  console.log(row('ALL', countOutcomes(all), untunedNote(set)));
  console.log('\nby field');
  for (const f of [...new Set(all.map((l) => l.field))].sort()) console.log(row(f, countOutcomes(all.filter((l) => l.field === f))));
} else {
  if (sealedAt >= 0 && !manifest.some((s) => s.role === 'sealed' && s.name === sealedName)) {
    throw new Error(`--sealed must name one of ${manifest.filter((s) => s.role === 'sealed').map((s) => s.name).join(', ')}`);
  }
  const role = sealedAt >= 0 ? 'sealed' : 'tuning';
  console.log(HEAD);
  const all: LeafResult[] = [];
  for (const set of manifest.filter((s) => s.role === role && (sealedName === undefined || s.name === sealedName))) {
    if (sealedName === undefined && unfetched(set)) {
      console.log(`${set.name.padEnd(34)} not scored: PDFs not in place (node_modules/.bin/node ${set.fetch ?? ''})`);
      continue;
    }
    const leaves = await scoreSet(set);
    all.push(...leaves);
    console.log(row(set.name, countOutcomes(leaves), untunedNote(set)));
  }
  console.log('-'.repeat(HEAD.length));
  console.log(row(`ALL ${role}`, countOutcomes(all)));
}
