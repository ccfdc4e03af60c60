/**
 * Dutch labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const NL: Lexicon = {
  concepts: {
    currency: { phrases: ['valuta', 'munteenheid'] },
    po_number: { phrases: ['ordernummer', 'bestelnummer', 'uw order', 'uw referentie'] },
    customer_id: { phrases: ['klantnummer', 'klant number', 'debiteurnummer'] },
    invoice_number: { phrases: ['factuurnummer', 'factuur number'] },
    date: { phrases: ['factuurdatum', 'documentdatum'] },
    due_date: { phrases: ['vervaldatum', 'uiterste betaaldatum', 'te betalen voor'] },
    total: { phrases: ['totaal', 'totaal te betalen', 'te betalen', 'totaalbedrag', 'totaal incl btw', 'totaal inclusief btw', 'totaal te voldoen'] },
    subtotal: { phrases: ['subtotaal', 'totaal excl btw', 'totaal exclusief btw', 'netto bedrag'] },
    tax: { phrases: ['btw', 'btw bedrag'] },
    customer: { phrases: ['klant', 'afnemer', 'koper'] },
    account_number: { phrases: ['rekeningnummer', 'rekening'] },
    account_holder: { phrases: ['rekeninghouder'] },
    statement_period: { phrases: ['periode', 'periode van'] },
    opening_balance: { phrases: ['beginsaldo', 'saldo vorige', 'oud saldo', 'vorig saldo'] },
    closing_balance: { phrases: ['eindsaldo', 'nieuw saldo'] },
    tax_id: { phrases: ['btw number'] },
    description: { phrases: ['omschrijving', 'naam', 'artikel omschrijving'] },
    quantity: { phrases: ['aantal', 'stuks'] },
    unit_price: { phrases: ['prijs', 'stukprijs', 'tarief', 'eenheidsprijs'] },
    amount: { phrases: ['bedrag', 'totaal'] },
    transaction_date: { phrases: ['boekdatum', 'datum boeking'] },
    debit: { phrases: ['uitgaven', 'af'] },
    credit: { phrases: ['ontvangsten', 'bij'] },
    vendor: { phrases: ['leverancier', 'verkoper', 'afzender'] },
    city: { phrases: ['plaats', 'woonplaats', 'stad'] },
    postal_code: { phrases: ['postcode'] },
    country: { phrases: ['land'] },
    address: { phrases: ['adres'] },
    name: { phrases: ['naam', 'bedrijfsnaam'] },
    delivery_date: { phrases: ['leverdatum', 'leveringsdatum'] },
    unit: { phrases: ['eenheid'] },
  },
  documentNames: ['factuur', 'kwitantie', 'rekeningafschrift', 'offerte', 'creditnota'],
  dateAfterNumber: ['van', 'd.d.', 'gedateerd'],
  dueIntro: ['te betalen voor', 'uiterlijk te betalen op', 'vervalt op'],
  tableEnd: ['subtotaal', 'totaal', 'btw'],
};
