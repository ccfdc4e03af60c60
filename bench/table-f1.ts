/**
 * The one printer of LOCAL's table cell F1 on the 'cells' sets of bench/corpora/manifest.json
 * (rules in bench/corpus-tools/score-cells.ts). Each document goes through the real path, as in
 * bench/local-accuracy.ts.
 *
 *   node_modules/.bin/node bench/table-f1.ts [--set NAME] [--verbose]
 *   node_modules/.bin/node bench/table-f1.ts --sealed NAME
 *
 * Without --set it scores every tuning table set, one line per set beside its untuned figure;
 * --set NAME prints one line per document (and with --verbose the rows extracted). A sealed set is
 * scored only with --sealed NAME, as totals: it is measured once at the end of a round.
 */
import { join } from 'node:path';
import type { CellCounts } from './corpus-tools/score-cells.ts';
import { addCells, cellF1 } from './corpus-tools/score-cells.ts';
import { scoreCells } from './corpus-tools/score-cells.ts';
import type { CorpusSet } from './corpus-tools/score-extraction.ts';
import { corpusIds, extractDocument, readManifest, setDir, unfetched } from './corpus-tools/score-extraction.ts';

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const at = (flag: string): string | undefined => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const sealedName = at('--sealed');
const setName = at('--set');
const cellSets = readManifest().filter((s) => s.measure === 'cells');

const f = (x: number): string => x.toFixed(3);
const HEAD = `${'document / set'.padEnd(34)}  right  extracted  truth  precision recall     F1`;
const row = (name: string, c: CellCounts, note = ''): string => {
  const m = cellF1(c);
  return `${name.padEnd(34)} ${String(c.right).padStart(6)} ${String(c.extracted).padStart(10)} ${String(c.truth).padStart(6)} ${f(m.precision).padStart(10)} ${f(m.recall).padStart(6)} ${f(m.f1).padStart(6)}${note}`;
};

async function scoreSet(set: CorpusSet, perDocument: boolean): Promise<CellCounts> {
  if (unfetched(set)) throw new Error(`set ${set.name}: its PDFs are not in place; run node_modules/.bin/node ${set.fetch ?? ''}`);
  let total: CellCounts = { right: 0, extracted: 0, truth: 0 };
  for (const id of corpusIds(setDir(set.name))) {
    const { expected, result } = await extractDocument(join(setDir(set.name), id));
    const c = scoreCells(expected, result);
    total = addCells(total, c);
    if (perDocument) console.log(row(id, c));
    if (perDocument && verbose) console.log(JSON.stringify(result, null, 1));
  }
  return total;
}

const pick = (name: string | undefined, role: CorpusSet['role']): CorpusSet[] => {
  const sets = cellSets.filter((s) => s.role === role && (name === undefined || s.name === name));
  if (name !== undefined && sets.length === 0) throw new Error(`no ${role} table set named ${name}: one of ${cellSets.filter((s) => s.role === role).map((s) => s.name).join(', ')}`);
  return sets;
};

console.log(HEAD);
if (setName !== undefined) {
  const [set] = pick(setName, 'tuning');
  console.log(row('ALL', await scoreSet(set as CorpusSet, true), `   (untuned F1 ${set?.untuned?.accuracy ?? 'not measured'})`));
} else {
  for (const set of pick(sealedName, sealedName === undefined ? 'tuning' : 'sealed')) {
    console.log(row(set.name, await scoreSet(set, false), `   (untuned F1 ${set.untuned?.accuracy ?? 'not measured'})`));
  }
}
