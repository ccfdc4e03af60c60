/**
 * Labels printed on invoices, statements and papers for the concepts schemas usually ask for.
 * A property whose folded name or title equals one of a concept's phrases is searched under all
 * of that concept's phrases. Weak phrases are ambiguous on their own ("Amount", "Invoice") and
 * score lower so that a specific label wins when both are present.
 */

export interface Concept {
  key: string;
  phrases: readonly string[];
  weak?: readonly string[];
  /** A party (seller, customer): its fields are read from the block under its heading. */
  entity?: boolean;
  /** Prefer the last of equally good matches (grand totals are printed after the line totals). */
  preferLast?: boolean;
  /** The value may run over several lines (addresses, abstracts). */
  multiline?: boolean;
}

export const CONCEPTS: readonly Concept[] = [
  {
    key: 'invoice_number',
    phrases: [// German and French labels.
      'rechnungsnummer', 'rechnung number', 'rechnungs number', 'belegnummer', 'facture number', 'numero de facture', 'number de facture',
      'invoice number', 'invoice id', 'bill number', 'invoice reference', 'document number',
      'invoice number number', 'tax invoice number', 'receipt number', 'credit note number',
      'folio number', 'bill reference', 'invoice reference number',
      // Italian, Spanish, Dutch.
      'fattura number', 'numero fattura', 'fattura', 'number fattura', 'numero documento', 'factura number', 'numero de factura', 'number de factura', 'factura',
      'factuurnummer', 'factuur number', 'doc number', 'document no', 'invoice no', 're invoice number', 'ticket number', 'beleg number', 'bon number',
      // Portuguese (Brazil), pro forma and quote numbers.
      'number da nota', 'nota number', 'number da fatura', 'fatura number', 'nota fiscal number', 'number do documento', 'pro forma number', 'proforma number', 'pro forma invoice number', 'quote number', 'quotation number', 'estimate number'],
    weak: ['invoice', 'number', 'reference', 'reference number', 'document', 'rechnung', 'facture'],
  },
  {
    key: 'date',
    phrases: ['rechnungsdatum', 'datum', 'belegdatum', 'date de facture', 'date de la facture', 'date d emission',
      'date', 'invoice date', 'issue date', 'date of issue', 'issued', 'issued on', 'date issued',
      'billing date', 'bill date', 'document date', 'invoice date date', 'receipt date', 'statement date',
      'posted', 'posted on',
      'data documento', 'data fattura', 'data', 'data emissione', 'fecha', 'fecha de factura', 'fecha factura', 'fecha de emision', 'factuurdatum', 'doc date', 'documentdatum', 'data de emissao', 'data da emissao', 'emissao', 'data do documento'],
  },
  {
    key: 'due_date',
    phrases: ['fallig am', 'fallig', 'falligkeitsdatum', 'zahlbar bis', 'date d echeance', 'echeance', 'a payer avant le',
      'due date', 'payment due', 'date due', 'due', 'payment due date', 'due by', 'pay by',
      'payment date', 'due on', 'please pay by', 'payment due by', 'due date for payment',
      'scadenza', 'data scadenza', 'vencimiento', 'fecha de vencimiento', 'fecha vencimiento', 'vervaldatum', 'uiterste betaaldatum', 'te betalen voor', 'vencimento', 'data de vencimento', 'data vencimento'],
  },
  {
    key: 'total',
    phrases: ['gesamtbetrag', 'rechnungsbetrag', 'endbetrag', 'gesamtsumme', 'bruttobetrag', 'zu zahlen', 'total ttc', 'montant ttc', 'net a payer',
      'total', 'amount due', 'grand total', 'balance due', 'total due', 'total amount',
      'invoice total', 'amount payable', 'total payable', 'total amount due', 'total incl vat',
      'total including vat', 'total incl tax', 'total including tax', 'total inc vat', 'total with tax',
      'total to pay', 'amount to pay', 'net payable', 'please pay', 'total gross', 'gross total', 'gross amount',
      'total price', 'total value', 'order total', 'total charges',
      'totale documento', 'totale', 'totale fattura', 'totale da pagare', 'importo totale', 'total factura', 'importe total', 'total a pagar',
      'totaal', 'totaal te betalen', 'te betalen', 'totaalbedrag', 'totaal incl btw', 'current payment due', 'summe eur', 'betrag eur', 'total eur', 'valor total da nota', 'valor total', 'valor a pagar', 'total a pagar', 'valor liquido', 'total da nota', 'total da fatura', 'balance to pay'],
    weak: ['amount', 'balance'],
    preferLast: true,
  },
  {
    key: 'subtotal',
    phrases: ['zwischensumme', 'nettobetrag', 'summe netto', 'netto', 'total ht', 'montant ht', 'sous total',
      'subtotal', 'sub total', 'net amount', 'net total', 'total net', 'total excl vat',
      'total excluding vat', 'total before tax', 'amount before tax', 'total excl tax', 'net',
      'total excluding tax', 'taxable amount', 'merchandise', 'merchandise total', 'items subtotal', 'item s subtotal',
      'total before vat', 'total charges before vat', 'net charges', 'subtotal excl vat', 'net value',
      'total exkl mwst', 'exkl mwst', 'total netto', 'imponibile', 'totale imponibile', 'base imponible', 'subtotale', 'subtotaal', 'totaal excl btw', 'goods net', 'total this period', 'valor dos servicos', 'valor dos produtos', 'total dos produtos', 'total dos servicos', 'valor bruto'],
  },
  {
    key: 'tax',
    phrases: ['ust', 'umsatzsteuer', 'mehrwertsteuer', 'montant tva',
      'tax', 'vat', 'gst', 'sales tax', 'tax amount', 'vat amount', 'total tax', 'total vat',
      'hst', 'iva', 'mwst', 'tva', 'tax total', 'gst amount', 'btw', 'estimated tax', 'estimated tax to be collected',
      'gst hst', 'sales tax amount', 'vat total', 'city tax', 'consumption tax',
      'totale iva', 'di cui iva', 'mw st', 'u st', 'enthaltene mw st', 'inkl mw st', 'imposta', 'impuesto', 'cuota iva', 'btw bedrag', 'taxes total', 'total taxes', 'iss', 'icms', 'impostos', 'valor do iss', 'valor do icms'],
  },
  { key: 'tax_rate', phrases: ['tax rate', 'vat rate', 'vat percent', 'tax percent', 'gst rate', 'rate'] },
  { key: 'discount', phrases: ['discount', 'discount amount', 'total discount', 'rebate'] },
  { key: 'shipping', phrases: ['shipping', 'freight', 'delivery', 'postage', 'shipping cost', 'shipping handling'] },
  {
    key: 'vendor',
    phrases: ['lieferant', 'verkaufer', 'fournisseur', 'vendeur',
      'vendor', 'seller', 'supplier', 'from', 'issuer', 'sold by', 'merchant', 'provider',
      'billed by', 'remit to', 'payee', 'company', 'bill from', 'invoice from', 'service provider', 'prestador de servicos', 'prestador', 'emitente', 'fornecedor'],
    entity: true,
  },
  {
    key: 'customer',
    phrases: ['rechnungsempfanger', 'kunde', 'empfanger', 'facture a', 'adresse de facturation',
      'customer', 'buyer', 'bill to', 'billed to', 'sold to', 'client', 'invoice to', 'recipient',
      'purchaser', 'to', 'billing address', 'invoice address', 'invoicing address', 'prepared for', 'addressed to', 'account holder', 'invoiced to', 'customer details', 'bill to party',
      'responsible party', 'guarantor', 'spett le', 'spettabile', 'cliente', 'destinatario', 'klant', 'afnemer', 'owner', 'tomador de servicos', 'tomador', 'destinatario remetente'],
    entity: true,
  },
  {
    key: 'ship_to',
    phrases: ['ship to', 'shipping address', 'deliver to', 'delivery address', 'shipped to', 'consignee'],
    entity: true,
  },
  {
    key: 'account_number',
    weak: ['iban'],
    phrases: ['card number', 'kontonummer', 'konto', 'numero de compte', 'compte',
      'account number', 'account', 'loan number', 'loan account number', 'a c number', 'account number number', 'bank account', 'acct',
      'rekeningnummer', 'rekening', 'numero conto', 'numero de cuenta', 'cuenta',
      'member number', 'membership number', 'customer id', 'customer number', 'customer no', 'customer account', 'client number', 'account id'],
  },
  {
    key: 'account_holder',
    phrases: ['account holder', 'account owner', 'account name', 'cardholder', 'card holder', 'name of account holder',
      'account holder name', 'kontoinhaber', 'inhaber', 'titulaire', 'titulaire du compte',
      'member name', 'prepared for', 'primary account holder', 'account holders',
      'rekeninghouder', 'titular', 'intestatario', 'titolare', 'name'],
  },
  { key: 'iban', phrases: ['iban', 'iban number'] },
  { key: 'bic', phrases: ['bic', 'swift', 'swift code', 'bic swift', 'swift bic', 'bic code'] },
  { key: 'sort_code', phrases: ['sort code', 'routing number', 'aba', 'routing', 'bsb'] },
  { key: 'bank_name', phrases: ['bank', 'bank name', 'financial institution'] },
  {
    key: 'statement_period',
    phrases: ['zeitraum', 'abrechnungszeitraum', 'periode',
      'statement period', 'period', 'billing period', 'statement from', 'period covered', 'for the period',
      'opening closing date', 'billing cycle', 'statement dates', 'statement covers', 'this statement covers', 'covering',
      'date range', 'periodo', 'periode van'],
  },
  {
    key: 'opening_balance',
    phrases: ['anfangssaldo', 'alter kontostand', 'saldo alt', 'solde initial', 'solde precedent', 'ancien solde',
      'opening balance', 'beginning balance', 'previous balance', 'balance brought forward',
      'starting balance', 'balance forward', 'start balance', 'balance b f', 'brought forward',
      'beginning cash balance', 'opening cash balance', 'previous statement balance',
      'anfangsbestand', 'saldovortrag', 'kassenanfangsbestand', 'previous principal balance', 'beginsaldo', 'saldo iniziale', 'saldo inicial', 'saldo anterior', 'saldo precedente', 'saldo vorige', 'opening', 'oud saldo', 'vorig saldo'],
  },
  {
    key: 'closing_balance',
    phrases: ['endsaldo', 'neuer kontostand', 'saldo neu', 'solde final', 'nouveau solde',
      'closing balance', 'ending balance', 'new balance', 'balance carried forward', 'end balance',
      'final balance', 'balance c f', 'carried forward', 'ending cash balance', 'closing cash balance',
      'endbestand', 'schlussbestand', 'kassenendbestand', 'new principal balance', 'eindsaldo', 'saldo finale', 'saldo final', 'nieuw saldo',
      'amount due', 'total due', 'balance due', 'total amount due'],
    preferLast: true,
  },
  { key: 'title', phrases: ['title', 'paper title', 'document title'] },
  { key: 'authors', phrases: ['authors', 'author', 'by', 'written by', 'author names'] },
  { key: 'abstract', phrases: ['abstract', 'summary'], multiline: true },
  { key: 'keywords', phrases: ['keywords', 'key words', 'index terms'] },
  { key: 'received_date', phrases: ['received', 'received date', 'date received', 'submitted', 'received on'] },
  { key: 'accepted_date', phrases: ['accepted', 'accepted date', 'date accepted', 'accepted on', 'accepted for publication'] },
  { key: 'doi', phrases: ['doi', 'digital object identifier'] },
  { key: 'email', phrases: ['email', 'email address', 'mail'] },
  { key: 'phone', phrases: ['phone', 'phone number', 'mobile', 'cell', 'contact number', 'tel number'] },
  { key: 'fax', phrases: ['fax', 'fax number'] },
  { key: 'website', phrases: ['website', 'web', 'url', 'homepage', 'www'] },
  {
    key: 'address',
    phrases: ['address', 'street address', 'billing address', 'mailing address', 'postal address'],
    multiline: true,
  },
  { key: 'currency', phrases: ['currency', 'currency code'] },
  {
    key: 'po_number',
    phrases: ['purchase order', 'po number', 'po', 'order number', 'purchase order number', 'order', 'your order', 'your order number',
      'cust po', 'cust po number', 'customer po', 'customer po number', 'client po', 'po reference', 'order reference', 'your po', 'bestellnummer', 'bon de commande'],
  },
  { key: 'payment_terms', phrases: ['terms', 'payment terms', 'terms of payment'] },
  {
    key: 'tax_id',
    phrases: ['tax id', 'vat number', 'vat id', 'vat reg number', 'tax number', 'tin', 'ein', 'abn',
      'gst number', 'vat registration number', 'gstin', 'tax identification number', 'vat reg',
      'vat reg number', 'vat number', 'vat registration', 'vat registration no', 'gst hst number', 'gst hst', 'hst number', 'gst reg number',
      'ust id', 'ust idnr', 'ust id number', 'ustid', 'steuernummer', 'btw number', 'uid', 'uid number', 'siret', 'tva intracommunautaire',
      'company tax id', 'tax registration number', 'ein number', 'federal tax id'],
  },
  { key: 'customer_id', phrases: ['customer id', 'customer number', 'client number', 'client id', 'customer reference'] },
  { key: 'name', phrases: ['name', 'full name', 'company name', 'business name', 'nome', 'razao social', 'nome razao social'] },
  {
    key: 'description',
    phrases: ['bezeichnung', 'beschreibung', 'artikel', 'leistung', 'verwendungszweck', 'buchungstext', 'libelle',
      'description', 'item', 'items', 'product', 'service', 'details', 'particulars',
      'item description', 'article', 'designation', 'product description', 'service description',
      'procedure', 'treatment', 'transaction', 'narrative', 'memo', 'transaction details', 'description of goods', 'product name',
      'item name', 'services', 'activity', 'payee', 'reference',
      'charge', 'charges description', 'items ordered', 'text', 'merchant', 'transaction description', 'description of services',
      'descrizione', 'articolo', 'descripcion', 'concepto', 'articulo', 'omschrijving', 'artikel omschrijving', 'naam', 'descricao', 'produto', 'discriminacao', 'descricao do servico', 'descricao dos servicos', 'work', 'work done', 'works'],
    multiline: true,
  },
  { key: 'quantity', weak: ['kg', 'weight', 'chargeable kg', 'chargeable weight', 'gross weight', 'net weight'], phrases: ['menge', 'anzahl', 'stuck', 'quantite',
      'quantity', 'units', 'hours', 'hrs', 'quantity hours', 'count', 'pcs', 'q ta', 'qta', 'quantita', 'cantidad', 'cant', 'aantal', 'uds', 'unidades', 'stuks', 'qtde', 'qtd', 'quantidade'] },
  {
    key: 'unit_price',
    phrases: ['einzelpreis', 'preis', 'prix unitaire', 'prix unit', 'prix', 'pu ht',
      'unit price', 'price', 'rate', 'unit cost', 'price per unit', 'cost', 'each', 'unit rate',
      'price each', 'net price', 'list price', 'ansatz',
      'prezzo', 'prezzo unitario', 'prezzo unit', 'precio', 'precio unitario', 'precio unit', 'prijs', 'stukprijs', 'tarief', 'eenheidsprijs', 'valor unit', 'valor unitario', 'preco', 'preco unitario', 'preco unit', 'vl unit', 'vlr unit'],
  },
  {
    key: 'amount',
    phrases: ['betrag', 'gesamtpreis', 'gesamt', 'montant',
      'amount', 'line total', 'ext price', 'extended price', 'net amount', 'value', 'sum',
      'total', 'extended', 'total price', 'line amount', 'ext cost', 'extended cost',
      'item total', 'line value', 'amount eur', 'item subtotal', 'charge', 'fee',
      'importo', 'importe', 'bedrag', 'totaal', 'totale', 'this period', 'net', 'valor total', 'valor', 'vl total', 'vlr total'],
    weak: ['cost'],
  },
  {
    key: 'transaction_date',
    phrases: ['buchungstag', 'buchungsdatum', 'valuta', 'wertstellung', 'date operation', 'date de valeur', 'datum',
      'date', 'posted', 'posting date', 'transaction date', 'value date', 'trans date', 'post date',
      'booking date', 'txn date', 'data', 'fecha', 'datum boeking', 'boekdatum', 'data do lancamento', 'lancamento'],
  },
  { key: 'debit', phrases: ['ausgaben', 'ausgabe', 'auszahlungen', 'soll', 'lastschrift', 'uitgaven', 'depenses', 'sorties', 'debit', 'debits', 'withdrawal', 'withdrawals', 'paid out', 'money out', 'dr', 'payments', 'charges', 'af', 'uscite', 'addebiti', 'cargo', 'cargos', 'debe'] },
  { key: 'credit', phrases: ['einnahmen', 'einnahme', 'einzahlungen', 'haben', 'gutschrift', 'ontvangsten', 'recettes', 'advances', 'credit', 'credits', 'deposit', 'deposits', 'paid in', 'money in', 'cr', 'receipts', 'bij', 'entrate', 'accrediti', 'abono', 'abonos', 'haber'] },
  { key: 'balance', phrases: ['balance', 'running balance', 'saldo', 'kontostand', 'solde', 'bestand', 'kassenbestand', 'principal balance', 'loan balance'] },
  { key: 'sku', phrases: ['sku', 'item code', 'product code', 'code', 'article number', 'part number', 'item number'] },
  { key: 'unit', phrases: ['unit', 'uom', 'unit of measure'] },
];

/** Text at the start of a table line that ends an item table (totals under the items). */
export const TABLE_END_PHRASES: readonly string[] = [
  'subtotal', 'sub total', 'total', 'grand total', 'amount due', 'imponibile', 'totale', 'base imponible', 'subtotaal', 'totaal', 'iva', 'btw', 'summe eur', 'current payment due', 'balance due', 'net total', 'total due',
  'tax', 'vat', 'gst', 'sales tax', 'total amount', 'invoice total', 'total excl', 'total incl', 'amount payable',
  'closing balance', 'ending balance', 'total net', 'total gross', 'net amount', 'net value', 'net charges',
  'zwischensumme', 'gesamtbetrag', 'summe', 'total ht', 'total ttc', 'sous total', 'endsaldo',
  'valor dos servicos', 'valor total', 'valor dos produtos', 'balance to pay',
];

/** Values a boolean field can take on a document. */
export const TRUE_WORDS: ReadonlySet<string> = new Set(['yes', 'y', 'true', 'x', '✓', '✔', '☑', '☒', '1', 'checked', 'on', 'paid', 'ja', 'oui', 'si']);
export const FALSE_WORDS: ReadonlySet<string> = new Set(['no', 'n', 'false', '✗', '✘', '☐', '0', 'unchecked', 'off', 'unpaid', 'nein', 'non']);
