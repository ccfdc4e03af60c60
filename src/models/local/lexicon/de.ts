/**
 * German labels of invoices and statements, one entry per concept of ../synonyms.ts. Phrases
 * are written folded, as foldLabel makes them (lower case, no accents, punctuation as spaces).
 * Weak phrases are ambiguous alone and score lower.
 */
import type { Lexicon } from './lexicon-types.ts';

export const DE: Lexicon = {
  concepts: {
    currency: { phrases: ['wahrung', 'wahrungscode'] },
    invoice_number: { phrases: ['rechnungsnummer', 'rechnung number', 'rechnungs number', 'belegnummer', 'beleg number', 'bon number', 'rechnungsnr'], weak: ['rechnung', 'nummer'] },
    date: { phrases: ['rechnungsdatum', 'datum', 'belegdatum', 'datum der rechnung', 'ausstellungsdatum'] },
    due_date: { phrases: ['fallig am', 'fallig', 'falligkeitsdatum', 'zahlbar bis', 'zahlungsziel', 'zahlbar bis zum', 'faellig bis', 'zahlungsfrist'] },
    total: { phrases: ['gesamtbetrag', 'rechnungsbetrag', 'endbetrag', 'gesamtsumme', 'bruttobetrag', 'zu zahlen', 'summe eur', 'betrag eur', 'bruttosumme', 'zahlbetrag', 'gesamt brutto', 'gesamtbetrag brutto', 'rechnungssumme', 'gesamtbetrag mit ust', 'gesamtbetrag mit u st', 'gesamtbetrag inkl ust', 'gesamtbetrag inkl u st', 'gesamtbetrag inkl mwst', 'gesamtbruttobetrag', 'rechnungsbetrag brutto', 'zu zahlender betrag', 'falliger betrag', 'betrag brutto', 'summe brutto', 'endsumme', 'rechnungsendbetrag', 'gesamtrechnungsbetrag', 'summe gesamt', 'zu zahlender gesamtbetrag', 'gesamtbetrag einschliesslich umsatzsteuer', 'gesamtbetrag inkl umsatzsteuer', 'gesamtbetrag mit umsatzsteuer'], weak: ['gesamt', 'summe', 'brutto'] },
    subtotal: { phrases: ['zwischensumme', 'nettobetrag', 'summe netto', 'netto', 'total exkl mwst', 'exkl mwst', 'total netto', 'summe positionen', 'positionssumme', 'warenwert', 'nettosumme', 'gesamt netto', 'gesamtbetrag ohne ust', 'gesamtbetrag ohne u st', 'gesamtbetrag ohne mwst', 'gesamtbetrag netto', 'summe ohne ust', 'summe ohne u st', 'summe ohne mwst', 'rechnungsbetrag netto', 'nettobetrag gesamt', 'summe nettobetrage', 'betrag netto', 'summe aller positionen', 'summe aller positionen netto', 'gesamtsumme netto', 'summe positionen netto', 'gesamtbetrag ohne umsatzsteuer', 'gesamtbetrag ohne mehrwertsteuer'] },
    tax_rate: { phrases: ['umsatzsteuersatz', 'steuersatz', 'mwst satz', 'ust satz', 'mehrwertsteuersatz'] },
    tax: { phrases: ['ust', 'umsatzsteuer', 'mehrwertsteuer', 'mwst', 'mw st', 'enthaltene mw st', 'inkl mw st', 'u st', 'umsatzsteuerbetrag', 'mwst betrag', 'steuerbetrag', 'summe ust', 'summe u st', 'summe mwst', 'umsatzsteuer gesamt', 'ust betrag', 'u st betrag', 'gesamtbetrag ust', 'gesamtbetrag u st', 'mehrwertsteuerbetrag', 'summe umsatzsteuer', 'summe mehrwertsteuer', 'umsatzsteuerbetrag gesamt'] },
    vendor: { phrases: ['lieferant', 'verkaufer', 'rechnungssteller', 'leistungserbringer', 'auftragnehmer', 'absender'] },
    customer: { phrases: ['rechnungsanschrift', 'rechnungsempfanger', 'kunde', 'empfanger', 'kaufer', 'auftraggeber', 'leistungsempfanger', 'rechnungsadresse', 'kunden'] },
    account_number: { phrases: ['kontonummer', 'konto'] },
    account_holder: { phrases: ['kontoinhaber', 'inhaber'] },
    statement_period: { phrases: ['zeitraum', 'abrechnungszeitraum'] },
    opening_balance: { phrases: ['anfangssaldo', 'alter kontostand', 'saldo alt', 'anfangsbestand', 'saldovortrag', 'kassenanfangsbestand'] },
    closing_balance: { phrases: ['endsaldo', 'neuer kontostand', 'saldo neu', 'endbestand', 'schlussbestand', 'kassenendbestand'] },
    po_number: { phrases: ['bestellnummer', 'bestell number', 'auftragsnummer', 'auftrags number', 'auftragsnr', 'ihre bestellung', 'ihr auftrag'] },
    customer_id: { phrases: ['kundennummer', 'kunden number', 'kundennr', 'debitorennummer', 'kunden id'] },
    tax_id: { phrases: ['ust id', 'ust idnr', 'u st id', 'u st idnr', 'u st id number', 'ust id number', 'ustid', 'steuernummer', 'uid', 'uid number'] },
    description: { phrases: ['bezeichnung', 'beschreibung', 'artikel', 'leistung', 'verwendungszweck', 'buchungstext'] },
    quantity: { phrases: ['menge', 'anzahl', 'stuck'] },
    unit_price: { phrases: ['einzelpreis', 'preis', 'ansatz'] },
    amount: { phrases: ['betrag', 'gesamtpreis', 'gesamt', 'gesamtbetrag', 'nettobetrag', 'positionsbetrag', 'betrag netto', 'gesamt netto', 'netto', 'summe'] },
    transaction_date: { phrases: ['buchungstag', 'buchungsdatum', 'valuta', 'wertstellung', 'datum'] },
    debit: { phrases: ['ausgaben', 'ausgabe', 'auszahlungen', 'soll', 'lastschrift'] },
    credit: { phrases: ['einnahmen', 'einnahme', 'einzahlungen', 'haben', 'gutschrift'] },
    balance: { phrases: ['kontostand', 'bestand', 'kassenbestand'] },
    street: { phrases: ['strasse', 'str', 'strasse und hausnummer', 'strasse hausnummer'] },
    city: { phrases: ['ort', 'stadt', 'wohnort'] },
    postal_code: { phrases: ['plz', 'postleitzahl'] },
    country: { phrases: ['land', 'staat', 'landercode'] },
    address: { phrases: ['anschrift', 'adresse'] },
    name: { phrases: ['name', 'firma', 'firmenname'] },
    unit: { phrases: ['einheit', 'me', 'mengeneinheit', 'einh'] },
    ship_to: { phrases: ['lieferanschrift', 'lieferadresse', 'warenempfanger', 'versandadresse'] },
    position: { phrases: ['pos', 'position', 'pos number', 'lfd number', 'lfd'] },
    buyer_reference: { phrases: ['kauferreferenz', 'ihre referenz', 'ihr zeichen', 'leitweg id'] },
    delivery_date: { phrases: ['lieferdatum', 'leistungsdatum', 'liefertermin'] },
  },
  documentNames: ['rechnung', 'gutschrift', 'quittung', 'kassenbon', 'beleg', 'kontoauszug', 'angebot', 'proforma rechnung'],
  otherDocumentNames: ['lieferschein', 'auftragsbestätigung', 'bestellschein', 'packliste'],
  dateAfterNumber: ['vom', 'datiert', 'datiert vom', 'ausgestellt am'],
  leadIns: ['zzgl', 'zuzuglich', 'inkl', 'inklusive', 'enthaltene', 'enth', 'davon', 'abzgl', 'abzuglich'],
  dueIntro: ['zahlbar bis', 'zahlbar bis zum', 'zahlbar ohne abzug bis', 'zahlbar ohne abzug bis zum', 'fällig am', 'fällig bis', 'bitte überweisen sie bis', 'netto bis', 'netto bis zum', 'den betrag bis zum', 'den betrag bis', 'zahlung bis', 'zahlung bis zum'],
  tableEnd: ['summe eur', 'zwischensumme', 'gesamtbetrag', 'summe', 'endsaldo'],
};
