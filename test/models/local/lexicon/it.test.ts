import { describe, expect, it } from 'vitest';
import { IT } from '../../../../src/models/local/lexicon/it.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the Italian lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(IT));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(IT));

  it.each([
    ['Numero fattura', 'invoice_number'],
    ['Data fattura', 'date'],
    ['Scadenza', 'due_date'],
    ['Fornitore', 'vendor'],
    ['Committente', 'customer'],
    ['Imponibile', 'subtotal'],
    ['Totale documento', 'total'],
    ['Partita IVA', 'tax_id'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
