/**
 * Italian labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const IT: Lexicon = {
  concepts: {
    currency: { phrases: ['valuta', 'divisa'] },
    po_number: { phrases: ['numero ordine', 'number ordine', 'ordine', 'vostro ordine'] },
    customer_id: { phrases: ['codice cliente', 'numero cliente', 'cod cliente'] },
    invoice_number: { phrases: ['fattura number', 'numero fattura', 'fattura', 'number fattura', 'numero documento', 'fattura numero'] },
    date: { phrases: ['data documento', 'data fattura', 'data emissione', 'data'] },
    due_date: { phrases: ['scadenza', 'data scadenza'] },
    total: { phrases: ['totale documento', 'totale', 'totale fattura', 'totale da pagare', 'importo totale', 'totale con iva', 'netto a pagare', 'totale a pagare'] },
    subtotal: { phrases: ['imponibile', 'totale imponibile', 'subtotale', 'totale senza iva', 'importo netto'] },
    tax: { phrases: ['totale iva', 'di cui iva', 'imposta', 'importo iva', 'iva totale'] },
    customer: { phrases: ['spettabile', 'spett le', 'cliente', 'committente', 'cessionario committente', 'cessionario', 'destinatario', 'acquirente'] },
    account_number: { phrases: ['numero conto'] },
    account_holder: { phrases: ['intestatario', 'titolare'] },
    opening_balance: { phrases: ['saldo iniziale', 'saldo precedente'] },
    closing_balance: { phrases: ['saldo finale'] },
    description: { phrases: ['descrizione', 'articolo'] },
    quantity: { phrases: ['q ta', 'qta', 'quantita'] },
    unit_price: { phrases: ['prezzo', 'prezzo unitario', 'prezzo unit'] },
    amount: { phrases: ['importo', 'totale', 'importo netto', 'totale riga', 'prezzo totale'] },
    debit: { phrases: ['uscite', 'addebiti'] },
    credit: { phrases: ['entrate', 'accrediti'] },
    vendor: { phrases: ['fornitore', 'venditore', 'cedente prestatore', 'cedente', 'mittente', 'emittente'] },
    city: { phrases: ['citta', 'comune', 'localita'] },
    postal_code: { phrases: ['cap', 'codice postale'] },
    country: { phrases: ['nazione', 'paese'] },
    address: { phrases: ['indirizzo', 'sede', 'sede legale'] },
    name: { phrases: ['ragione sociale', 'denominazione', 'nome'] },
    tax_id: { phrases: ['partita iva', 'p iva', 'codice fiscale', 'c f'] },
    delivery_date: { phrases: ['data consegna', 'data di consegna'] },
  },
  documentNames: ['fattura', 'ricevuta', 'estratto conto', 'preventivo', 'nota di credito'],
  dateAfterNumber: ['del', 'in data', 'emessa il'],
  dueIntro: ['da pagare entro il', 'scadenza il', 'entro il', 'pagamento entro il'],
  tableEnd: ['imponibile', 'totale'],
};
