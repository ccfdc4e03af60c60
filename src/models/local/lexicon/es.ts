/**
 * Spanish labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const ES: Lexicon = {
  concepts: {
    currency: { phrases: ['moneda', 'divisa', 'tipo de moneda'] },
    po_number: { phrases: ['numero de pedido', 'pedido', 'number pedido'] },
    customer_id: { phrases: ['numero de cliente', 'number cliente', 'codigo de cliente', 'codigo cliente'] },
    invoice_number: { phrases: ['factura number', 'factura', 'numero de factura', 'number de factura', 'factura numero', 'numero factura', 'n factura'] },
    date: { phrases: ['fecha', 'fecha de factura', 'fecha factura', 'fecha de emision', 'fecha de expedicion'] },
    due_date: { phrases: ['vencimiento', 'fecha de vencimiento', 'fecha vencimiento'] },
    total: { phrases: ['total factura', 'importe total', 'total a pagar', 'total con iva', 'importe a pagar', 'total importe'] },
    subtotal: { phrases: ['base imponible', 'importe neto', 'total sin iva', 'subtotal sin iva'] },
    tax: { phrases: ['impuesto', 'cuota iva', 'iva', 'importe iva', 'total iva'] },
    account_number: { phrases: ['cuenta', 'numero de cuenta'] },
    opening_balance: { phrases: ['saldo inicial', 'saldo anterior'] },
    description: { phrases: ['descripcion', 'concepto', 'articulo'] },
    quantity: { phrases: ['cantidad', 'cant', 'uds', 'unidades'] },
    unit_price: { phrases: ['precio', 'precio unitario', 'precio unit'] },
    amount: { phrases: ['importe', 'total', 'importe neto', 'total linea'] },
    transaction_date: { phrases: ['fecha'] },
    debit: { phrases: ['cargo', 'cargos', 'debe'] },
    credit: { phrases: ['abono', 'abonos', 'haber'] },
    vendor: { phrases: ['proveedor', 'emisor', 'vendedor', 'datos del proveedor', 'datos del emisor'] },
    customer: { phrases: ['cliente', 'comprador', 'datos del cliente', 'facturar a', 'receptor'] },
    city: { phrases: ['ciudad', 'poblacion', 'localidad'] },
    postal_code: { phrases: ['codigo postal', 'c p'] },
    country: { phrases: ['pais'] },
    address: { phrases: ['direccion', 'domicilio', 'domicilio fiscal'] },
    name: { phrases: ['nombre', 'razon social', 'empresa', 'denominacion'] },
    tax_id: { phrases: ['cif', 'nif', 'nif cif', 'cif nif'] },
    delivery_date: { phrases: ['fecha de entrega', 'fecha de servicio'] },
  },
  documentNames: ['factura', 'recibo', 'extracto', 'presupuesto', 'factura proforma'],
  dateAfterNumber: ['de fecha', 'del', 'con fecha', 'emitida el'],
  dueIntro: ['pagadero antes del', 'vence el', 'vencimiento el', 'a pagar antes del', 'pagar antes del'],
  tableEnd: ['base imponible', 'iva'],
};
