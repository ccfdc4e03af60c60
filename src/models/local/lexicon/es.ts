/**
 * Spanish labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const ES: Lexicon = {
  concepts: {
    currency: { phrases: ['moneda', 'divisa', 'tipo de moneda'] },
    po_number: { phrases: ['numero de pedido', 'pedido', 'number pedido', 'orden de compra', 'su pedido', 'number de pedido'] },
    customer_id: { phrases: ['numero de cliente', 'number cliente', 'codigo de cliente', 'codigo cliente', 'id cliente', 'number de cliente'] },
    invoice_number: { phrases: ['factura number', 'factura', 'numero de factura', 'number de factura', 'factura numero', 'numero factura', 'n factura'] },
    date: { phrases: ['fecha', 'fecha de factura', 'fecha factura', 'fecha de emision', 'fecha de expedicion', 'fecha de la factura', 'fecha expedicion', 'fecha emision'] },
    due_date: { phrases: ['vencimiento', 'fecha de vencimiento', 'fecha vencimiento', 'fecha de pago', 'fecha limite de pago', 'vence'] },
    total: { phrases: ['total factura', 'importe total', 'total a pagar', 'total con iva', 'importe a pagar', 'total importe', 'total general', 'liquido a pagar', 'total iva incluido', 'importe total factura'] },
    subtotal: { phrases: ['base imponible', 'importe neto', 'total sin iva', 'subtotal sin iva', 'total base imponible', 'suma'] },
    tax: { phrases: ['impuesto', 'cuota iva', 'iva', 'importe iva', 'total iva', 'impuestos', 'total impuestos', 'igic'] },
    account_number: { phrases: ['cuenta', 'numero de cuenta', 'cuenta bancaria', 'number de cuenta'] },
    account_holder: { phrases: ['titular', 'titular de la cuenta'] },
    statement_period: { phrases: ['periodo', 'periodo de facturacion'] },
    opening_balance: { phrases: ['saldo inicial', 'saldo anterior'] },
    closing_balance: { phrases: ['saldo final', 'saldo actual'] },
    balance: { phrases: ['saldo'] },
    description: { phrases: ['descripcion', 'concepto', 'articulo', 'detalle', 'producto'] },
    quantity: { phrases: ['cantidad', 'cant', 'uds', 'unidades'] },
    unit_price: { phrases: ['precio', 'precio unitario', 'precio unit'] },
    amount: { phrases: ['importe', 'total', 'importe neto', 'total linea'] },
    transaction_date: { phrases: ['fecha'] },
    debit: { phrases: ['cargo', 'cargos', 'debe'] },
    credit: { phrases: ['abono', 'abonos', 'haber'] },
    vendor: { phrases: ['proveedor', 'emisor', 'vendedor', 'datos del proveedor', 'datos del emisor', 'datos del vendedor', 'expedidor'] },
    customer: { phrases: ['cliente', 'comprador', 'datos del cliente', 'facturar a', 'receptor', 'destinatario', 'datos del comprador', 'facturado a', 'adquiriente'] },
    ship_to: { phrases: ['direccion de envio', 'direccion de entrega', 'enviar a', 'entregar a'] },
    city: { phrases: ['ciudad', 'poblacion', 'localidad'] },
    postal_code: { phrases: ['codigo postal', 'c p', 'cp'] },
    street: { phrases: ['calle'] },
    country: { phrases: ['pais'] },
    address: { phrases: ['direccion', 'domicilio', 'domicilio fiscal'] },
    name: { phrases: ['nombre', 'razon social', 'empresa', 'denominacion'] },
    tax_id: { phrases: ['cif', 'nif', 'nif cif', 'cif nif', 'nif iva', 'rfc', 'cuit', 'ruc', 'nit'] },
    buyer_reference: { phrases: ['su referencia', 'referencia'] },
    unit: { phrases: ['unidad', 'ud'] },
    delivery_date: { phrases: ['fecha de entrega', 'fecha de servicio'] },
  },
  documentNames: ['factura', 'recibo', 'extracto', 'presupuesto', 'factura proforma', 'factura simplificada', 'factura rectificativa', 'ticket'],
  dateAfterNumber: ['de fecha', 'del', 'con fecha', 'emitida el', 'fechada el'],
  dueIntro: ['pagadero antes del', 'vence el', 'vencimiento el', 'a pagar antes del', 'pagar antes del', 'con vencimiento el', 'pagadera el'],
  leadIns: ['mas', 'incl', 'incluido', 'incluye'],
  tableEnd: ['base imponible', 'iva', 'suma'],
};
