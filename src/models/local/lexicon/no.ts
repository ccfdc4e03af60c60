/**
 * Norwegian (bokmål) labels of invoices and statements, one entry per concept of ../synonyms.ts.
 * Phrases are written folded, as foldLabel makes them (lower case, no accents, "ø" as "o", "æ" as
 * "ae", punctuation as spaces). Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const NO: Lexicon = {
  concepts: {
    invoice_number: { phrases: ['fakturanummer', 'fakturanr', 'faktura number', 'fakturanummer number'], weak: ['faktura'] },
    date: { phrases: ['fakturadato', 'dato', 'utstedt', 'utstedelsesdato', 'fakturert dato'] },
    due_date: { phrases: ['forfallsdato', 'forfall', 'forfallsdag', 'betalingsfrist', 'betales innen', 'forfaller'] },
    total: { phrases: ['a betale', 'totalt a betale', 'sum a betale', 'belop a betale', 'totalbelop', 'fakturabelop', 'sum inkl mva', 'totalt inkl mva', 'total inkl mva', 'sum totalt', 'totalt'] },
    subtotal: { phrases: ['sum eks mva', 'sum ekskl mva', 'totalt eks mva', 'totalt ekskl mva', 'nettobelop', 'delsum', 'sum for mva', 'mva grunnlag', 'grunnlag mva'] },
    tax: { phrases: ['mva', 'merverdiavgift', 'mva belop', 'sum mva', 'totalt mva', 'herav mva'] },
    vendor: { phrases: ['selger', 'leverandor', 'avsender', 'utsteder', 'fakturautsteder'] },
    customer: { phrases: ['kjoper', 'kunde', 'mottaker', 'fakturamottaker', 'faktureres til', 'fakturaadresse'] },
    ship_to: { phrases: ['leveringsadresse', 'leveres til', 'vareadresse'] },
    account_number: { phrases: ['kontonummer', 'kontonr', 'konto number', 'bankkonto', 'betales til konto'] },
    account_holder: { phrases: ['kontoinnehaver', 'kontohaver'] },
    statement_period: { phrases: ['periode', 'kontoutskrift for perioden'] },
    opening_balance: { phrases: ['inngaende saldo', 'saldo fra forrige utskrift'] },
    closing_balance: { phrases: ['utgaende saldo', 'ny saldo'] },
    balance: { phrases: ['saldo'] },
    po_number: { phrases: ['bestillingsnummer', 'bestillingsnr', 'ordrenummer', 'ordrenr', 'deres ordre', 'innkjopsordre'] },
    customer_id: { phrases: ['kundenummer', 'kundenr', 'kunde number', 'kunde id'] },
    buyer_reference: { phrases: ['deres referanse', 'deres reference', 'referanse'] },
    tax_id: { phrases: ['organisasjonsnummer', 'org number', 'orgnr', 'mva number', 'foretaksnummer'] },
    description: { phrases: ['beskrivelse', 'varebeskrivelse', 'tekst', 'vare', 'produkt', 'artikkel'] },
    quantity: { phrases: ['antall', 'ant', 'mengde'] },
    unit_price: { phrases: ['enhetspris', 'pris', 'a pris', 'stykkpris'] },
    amount: { phrases: ['belop', 'sum', 'linjesum', 'netto'] },
    transaction_date: { phrases: ['bokforingsdato', 'bokfort', 'rentedato', 'dato'] },
    debit: { phrases: ['ut av konto', 'uttak', 'belastet'] },
    credit: { phrases: ['inn pa konto', 'innskudd', 'godskrevet'] },
    street: { phrases: ['gateadresse'] },
    city: { phrases: ['poststed', 'sted'] },
    postal_code: { phrases: ['postnummer', 'postnr'] },
    country: { phrases: ['land'] },
    address: { phrases: ['adresse', 'postadresse', 'besoksadresse'] },
    name: { phrases: ['navn', 'firma', 'firmanavn'] },
    unit: { phrases: ['enhet'] },
    currency: { phrases: ['valuta', 'valutakode'] },
    delivery_date: { phrases: ['leveringsdato', 'leveransedato'] },
  },
  documentNames: ['faktura', 'kreditnota', 'kvittering', 'kontoutskrift', 'tilbud', 'proformafaktura'],
  dateAfterNumber: ['fra', 'datert'],
  leadIns: ['inkl', 'inklusive', 'eks', 'ekskl', 'herav', 'pluss'],
  dueIntro: ['betales innen', 'forfaller', 'forfaller den', 'betalingsfrist'],
  tableEnd: ['sum eks mva', 'delsum', 'sum', 'mva', 'totalt'],
};
