import { describe, expect, it } from 'vitest';
import { NL } from '../../../../src/models/local/lexicon/nl.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the Dutch lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(NL));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(NL));

  it.each([
    ['Factuurnummer', 'invoice_number'],
    ['Factuurdatum', 'date'],
    ['Vervaldatum', 'due_date'],
    ['Leverancier', 'vendor'],
    ['Klant', 'customer'],
    ['Subtotaal', 'subtotal'],
    ['Omschrijving', 'description'],
    ['Eenheid', 'unit'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
