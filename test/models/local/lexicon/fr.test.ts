import { describe, expect, it } from 'vitest';
import { FR } from '../../../../src/models/local/lexicon/fr.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the French lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(FR));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(FR));

  it.each([
    ['Numéro de facture', 'invoice_number'],
    ['Code article', 'sku'],
    ['Date de facture', 'date'],
    ['Échéance', 'due_date'],
    ['Fournisseur', 'vendor'],
    ['N° client', 'customer_id'],
    ['Numéro de commande', 'po_number'],
    ['Client', 'customer'],
    ['Code postal', 'postal_code'],
    ['Total HT', 'subtotal'],
    ['Total TTC', 'total'],
    ['Raison sociale', 'name'],
    ['Unité', 'unit'],
    ['Adresse de livraison', 'ship_to'],
    ['Votre référence', 'buyer_reference'],
    ['Date de la prestation', 'delivery_date'],
    ["Date d'exigibilité du paiement", 'due_date'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
