import { describe, expect, it } from 'vitest';
import { EN } from '../../../../src/models/local/lexicon/en.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the English lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(EN));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(EN));

  it.each([
    ['Invoice No.', 'invoice_number'],
    ['Issue date', 'date'],
    ['Payment due', 'due_date'],
    ['Bill to', 'customer'],
    ['Supplier', 'vendor'],
    ['Zip code', 'postal_code'],
    ['Amount due', 'total'],
    ['Unit price', 'unit_price'],
    ['Amount due for payment', 'total'],
    ['Sum of invoice line net amount', 'subtotal'],
    ['Line', 'position'],
    ['Your Reference', 'buyer_reference'],
    ['Details of the seller', 'vendor'],
    ['Actual delivery date', 'delivery_date'],
    ['Sum of line net amounts', 'subtotal'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
