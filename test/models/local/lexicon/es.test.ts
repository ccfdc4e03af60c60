import { describe, expect, it } from 'vitest';
import { ES } from '../../../../src/models/local/lexicon/es.ts';
import { conceptNamed, expectDocumentNames, expectFolded } from './lexicon-checks.ts';

describe('the Spanish lexicon', () => {
  it('writes every phrase folded, as labels are compared', () => expectFolded(ES));

  it('names the documents its invoices and statements call themselves, in lower case', () => expectDocumentNames(ES));

  it.each([
    ['Número de factura', 'invoice_number'],
    ['Fecha de emisión', 'date'],
    ['Vencimiento', 'due_date'],
    ['Proveedor', 'vendor'],
    ['Datos del cliente', 'customer'],
    ['Base imponible', 'subtotal'],
    ['Razón social', 'name'],
    ['Código postal', 'postal_code'],
    ['Destinatario', 'customer'],
    ['Dirección de envío', 'ship_to'],
    ['Total general', 'total'],
    ['Fecha límite de pago', 'due_date'],
    ['Titular de la cuenta', 'account_holder'],
    ['Saldo final', 'closing_balance'],
    ['Moneda', 'currency'],
    ['Su referencia', 'buyer_reference'],
  ])('reads the printed label "%s" as %s', (label, concept) => {
    expect(conceptNamed(label)).toBe(concept);
  });
});
