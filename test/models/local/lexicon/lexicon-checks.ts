/** Checks every per-language lexicon test makes: phrases written folded, labels read as concepts. */
import { expect } from 'vitest';
import { conceptOf } from '../../../../src/models/local/field-labels.ts';
import type { Lexicon } from '../../../../src/models/local/lexicon/lexicon-types.ts';
import { foldLabel } from '../../../../src/models/local/normalize-label.ts';

/** Phrases are compared with folded labels, so a phrase that is not folded can never match. */
export function expectFolded(lexicon: Lexicon): void {
  for (const [key, entry] of Object.entries(lexicon.concepts)) {
    for (const p of [...(entry.phrases ?? []), ...(entry.weak ?? [])]) expect(foldLabel(p).join(' '), `${key}: '${p}'`).toBe(p);
  }
  for (const p of lexicon.headingLeadIns ?? []) expect(foldLabel(p).join(' '), `heading lead-in '${p}'`).toBe(p);
}

/** The concept a printed label names: a plain field's first, else a party's. */
export function conceptNamed(label: string): string | undefined {
  const words = foldLabel(label);
  return (conceptOf(words, false) ?? conceptOf(words, true))?.concept.key;
}

/** Document names are matched in lower-cased printed text, so each is one lower-case phrase. */
export function expectDocumentNames(lexicon: Lexicon): void {
  expect(lexicon.documentNames.length).toBeGreaterThan(0);
  for (const n of lexicon.documentNames) expect(n, n).toBe(n.toLowerCase().trim());
}
