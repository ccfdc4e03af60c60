import { describe, expect, it } from 'vitest';
import { NO } from '../../../../src/models/local/lexicon/no.ts';
import { foldLabel } from '../../../../src/models/local/normalize-label.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the Norwegian lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(NO));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(NO));

  it('folds "ø" and "æ" to letters instead of splitting the word at them', () => {
    expect(foldLabel('Beløp')).toEqual(['belop']);
    expect(foldLabel('Kjøper')).toEqual(['kjoper']);
    expect(foldLabel('Næringskode')).toEqual(['naeringskode']);
  });

  it.each([
    ['Fakturanr.', 'invoice_number'],
    ['Fakturadato', 'date'],
    ['Forfallsdato', 'due_date'],
    ['Selger', 'vendor'],
    ['Kjøper', 'customer'],
    ['Sum eks. mva', 'subtotal'],
    ['Mva', 'tax'],
    ['Å betale', 'total'],
    ['Beløp', 'amount'],
    ['Enhetspris', 'unit_price'],
    ['Postnummer', 'postal_code'],
    ['Valuta', 'currency'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
