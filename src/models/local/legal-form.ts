/**
 * Company legal forms ("GmbH", "GmbH & Co. KG", "Ltd", "SARL", "B.V."): alone they are what is left
 * of a name whose first word was taken for a label, and after a name they belong to it, also when
 * a letterhead sets them on the line below ("Druckerei Albrecht" over "GmbH & Co. KG") or a scanned
 * page's text layer cuts the name into two cells ("Softwarehaus | Pichler GmbH").
 */
import type { BlockLine } from './entity-block.ts';
import type { LineView, Segment, Word } from './layout-words.ts';

const LEGAL_FORM = String.raw`(?:gmbh(?:\s*&\s*co\.?\s*kg)?|ag|kg|ohg|ug(?:\s*\(haftungsbeschränkt\))?|eg|e\.?\s?k\.?|e\.?\s?v\.?|ltd\.?|limited|llc|llp|inc\.?|corp\.?|co\.?|plc|sarl|sas|sa|s\.?a\.?|s\.?l\.?|s\.?r\.?l\.?|s\.?p\.?a\.?|b\.?v\.?|n\.?v\.?|oy|ab|as|a\/s)`;
const LEGAL_FORM_ONLY = new RegExp(`^${LEGAL_FORM}$`, 'i');
/** A name of letters ending in a legal form: "Pichler GmbH", "Harbour Ceramics Ltd". */
const NAME_WITH_LEGAL_FORM = new RegExp(String.raw`^[\p{L}&.'’\- ]+\s${LEGAL_FORM}$`, 'iu');

/** The second half of a name cut into two cells stands at most this many font sizes right of the first. */
const NAME_CELL_GAP_EMS = 3;
/** The legal form's own line follows the name's within this many line heights. */
const LEGAL_FORM_LINE_GAP_LINES = 1;

export function isLegalFormOnly(text: string): boolean {
  return LEGAL_FORM_ONLY.test(text.trim());
}

/** The cell after `words` on its line, when it is the rest of a company name ending in a legal form. */
function restOfNameBeside(view: LineView, words: readonly Word[]): Segment | undefined {
  const last = words.at(-1);
  if (last === undefined) return undefined;
  const next = view.segments.find((s) => (s.words[0] as Word).bbox.x0 > last.bbox.x1);
  if (next === undefined) return undefined;
  // A legal form alone ("Muster | GmbH") is never another column's text, so other columns may
  // follow it on the line (an information block beside the addressee).
  const formOnly = isLegalFormOnly(next.text);
  if (!formOnly && !NAME_WITH_LEGAL_FORM.test(next.text.trim())) return undefined;
  // Otherwise nothing else on the line after it: a name cut in two, not a line of two columns.
  if (!formOnly && view.segments.some((s) => s !== next && (s.words[0] as Word).bbox.x0 > next.bbox.x1)) return undefined;
  return (next.words[0] as Word).bbox.x0 - last.bbox.x1 <= NAME_CELL_GAP_EMS * last.fontSize ? next : undefined;
}

/**
 * A block's name line with the legal form that belongs to it: the rest of a name in the next cell,
 * or a following line of the block that is a legal form only. `joinedLine` is that line's index.
 */
export function nameWithLegalForm(lines: readonly BlockLine[], at: number): { words: Word[]; joinedLine?: number } {
  const line = lines[at] as BlockLine;
  if (/\d/.test(line.words.map((w) => w.text).join(' '))) return { words: line.words };
  const beside = restOfNameBeside(line.view, line.words);
  if (beside !== undefined) return { words: [...line.words, ...beside.words] };
  const below = lines[at + 1];
  if (below === undefined || !isLegalFormOnly(below.words.map((w) => w.text).join(' '))) return { words: line.words };
  if (below.view.bbox.y0 - line.view.bbox.y1 > LEGAL_FORM_LINE_GAP_LINES * line.view.height) return { words: line.words };
  return { words: [...line.words, ...below.words], joinedLine: at + 1 };
}
