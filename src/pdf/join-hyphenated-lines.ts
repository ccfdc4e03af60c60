/**
 * Undoes typesetting hyphenation in the text models read: a line ending "extrac-" followed by a
 * line starting "tion ..." becomes "... extraction" / "...". Only `text` changes; spans keep the
 * boxes of the glyphs where they are printed, so attribution still points at the right place.
 *
 * Known trade-off: a compound split at its own hyphen ("state-of-the-" / "art") loses that hyphen.
 */
import type { Line } from '../domain/types.ts';
import { unionBoxes } from './page-lines.ts';

const ENDS_WITH_WORD_HYPHEN = /\p{L}-$/u;
const STARTS_LOWERCASE = /^\p{Ll}/u;

export function joinHyphenatedLines(input: readonly Line[]): Line[] {
  const lines = [...input];
  const out: Line[] = [];
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    let next = lines[i + 1];
    while (next && canJoin(line, next)) {
      const [, word = '', rest = ''] = /^(\S+)\s*(.*)$/su.exec(next.text) ?? [];
      const joined = line.text.slice(0, -1) + word;
      if (rest === '') {
        // The continuation was the whole next line: fold it in (spans and all) instead of
        // leaving an empty line behind.
        line = { ...line, text: joined, spans: [...line.spans, ...next.spans], bbox: unionBoxes([line.bbox, next.bbox]) };
        i++;
        next = lines[i + 1];
      } else {
        line = { ...line, text: joined };
        lines[i + 1] = { ...next, text: rest };
        break;
      }
    }
    out.push(line);
  }
  return out;
}

function canJoin(line: Line, next: Line): boolean {
  return !line.cells && !next.cells && ENDS_WITH_WORD_HYPHEN.test(line.text) && STARTS_LOWERCASE.test(next.text);
}
