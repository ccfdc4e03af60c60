import { describe, expect, it } from 'vitest';
import { PT } from '../../../../src/models/local/lexicon/pt.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the Portuguese lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(PT));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(PT));

  it.each([
    ['Número da nota', 'invoice_number'],
    ['Data de emissão', 'date'],
    ['Vencimento', 'due_date'],
    ['Emitente', 'vendor'],
    ['Destinatário', 'customer'],
    ['Valor total', 'total'],
    ['Quantidade', 'quantity'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
