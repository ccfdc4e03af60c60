/**
 * The business terms of a CII e-invoice (ZUGFeRD 1 and 2, Factur-X, XRechnung in CII syntax) as
 * labelled values: each carries its EN 16931 name (BT-27 "Seller name") and the LOCAL concept it
 * is printed under (synonyms.ts: 'name' of the party 'vendor'), so that e-invoice-fields.ts can
 * give it to the schema field LOCAL's own label matching would read it for.
 *
 * Element paths follow the CII D16B schema (ZUGFeRD 2, Factur-X) and, where ZUGFeRD 1 (CII D13B,
 * urn:ferd:CrossIndustryDocument:invoice:1p0) names an element differently, its name as the
 * alternative ("A|B"). Values are typed as EN 16931 defines them: dates from format 102
 * (YYYYMMDD) to ISO, amounts, quantities and rates as numbers.
 */
import { childOf, childrenOf, parseXml, pathOf } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

export interface InvoiceTerm {
  /** EN 16931 business term, "BT-27" (or a group of them, for a whole address). */
  bt: string;
  /** Its EN 16931 name: "Seller name". */
  label: string;
  /** The LOCAL concept (synonyms.ts key) a field reading this term names. */
  concept: string;
  /** The party (a synonyms.ts entity concept) the term belongs to, if any. */
  entity?: 'vendor' | 'customer' | 'ship_to';
  /** Printed names a field may have that pick this term before others of its concept ("amount due"). */
  aliases?: readonly string[];
  value: string | number;
  /**
   * 'code': a code list value (unit C62, country DE) that the print writes in words: it is used
   * only where the print shows it as it is.
   */
  kind: 'text' | 'date' | 'number' | 'code';
}

export interface InvoiceTerms {
  header: InvoiceTerm[];
  /** One list of terms per invoice line, in the XML's order. */
  lines: InvoiceTerm[][];
}

/** The invoice's terms, or null when the XML is not a CII invoice this reader can parse. */
export function readInvoiceTerms(xml: string): InvoiceTerms | null {
  const root = parseXml(xml);
  if (root === null || (root.name !== 'CrossIndustryInvoice' && root.name !== 'CrossIndustryDocument')) return null;
  const document = childOf(root, 'ExchangedDocument', 'HeaderExchangedDocument');
  const transaction = childOf(root, 'SupplyChainTradeTransaction', 'SpecifiedSupplyChainTradeTransaction');
  const agreement = childOf(transaction, 'ApplicableHeaderTradeAgreement', 'ApplicableSupplyChainTradeAgreement');
  const delivery = childOf(transaction, 'ApplicableHeaderTradeDelivery', 'ApplicableSupplyChainTradeDelivery');
  const settlement = childOf(transaction, 'ApplicableHeaderTradeSettlement', 'ApplicableSupplyChainTradeSettlement');
  const totals = childOf(settlement, 'SpecifiedTradeSettlementHeaderMonetarySummation', 'SpecifiedTradeSettlementMonetarySummation');
  const terms = new TermList();
  terms.text('BT-1', 'Invoice number', 'invoice_number', pathOf(document, 'ID'));
  terms.date('BT-2', 'Invoice issue date', 'date', pathOf(document, 'IssueDateTime/DateTimeString'));
  terms.code('BT-5', 'Invoice currency code', 'currency', childOf(settlement, 'InvoiceCurrencyCode'));
  const paymentTerms = childOf(settlement, 'SpecifiedTradePaymentTerms');
  terms.date('BT-9', 'Payment due date', 'due_date', pathOf(paymentTerms, 'DueDateDateTime/DateTimeString'));
  terms.text('BT-20', 'Payment terms', 'payment_terms', childOf(paymentTerms, 'Description'));
  terms.text('BT-10', 'Buyer reference', 'buyer_reference', childOf(agreement, 'BuyerReference'));
  terms.text('BT-13', 'Purchase order reference', 'po_number', pathOf(agreement, 'BuyerOrderReferencedDocument/IssuerAssignedID'));
  terms.date('BT-72', 'Actual delivery date', 'delivery_date', pathOf(delivery, 'ActualDeliverySupplyChainEvent/OccurrenceDateTime/DateTimeString'));
  party(terms, childOf(agreement, 'SellerTradeParty'), 'vendor', 'Seller', { name: 'BT-27', vat: 'BT-31', taxNumber: 'BT-32', address: 'BG-5' });
  party(terms, childOf(agreement, 'BuyerTradeParty'), 'customer', 'Buyer', { name: 'BT-44', vat: 'BT-48', address: 'BG-8' });
  party(terms, childOf(delivery, 'ShipToTradeParty'), 'ship_to', 'Deliver to', { name: 'BT-70', address: 'BG-15' });
  terms.text('BT-46', 'Buyer identifier', 'customer_id', pathOf(agreement, 'BuyerTradeParty/ID'));
  const means = childOf(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const iban = pathOf(means, 'PayeePartyCreditorFinancialAccount/IBANID');
  if (iban !== undefined) iban.text = iban.text.replace(/\s+/g, '');
  terms.text('BT-84', 'Payment account identifier', 'iban', iban);
  terms.text('BT-85', 'Payment account name', 'account_holder', pathOf(means, 'PayeePartyCreditorFinancialAccount/AccountName'));
  terms.text('BT-86', 'Payment service provider identifier', 'bic', pathOf(means, 'PayeeSpecifiedCreditorFinancialInstitution/BICID'));
  // The grand total before the amount due: a field called "total" means the invoice's total; a
  // field called "amount due" picks BT-115 by its alias.
  terms.number('BT-112', 'Invoice total amount with VAT', 'total', childOf(totals, 'GrandTotalAmount'), ['total', 'grand total', 'invoice total', 'total amount', 'gross amount', 'total gross']);
  terms.number('BT-115', 'Amount due for payment', 'total', childOf(totals, 'DuePayableAmount'), ['amount due', 'balance due', 'amount payable', 'total due', 'amount to pay']);
  terms.number('BT-109', 'Invoice total amount without VAT', 'subtotal', childOf(totals, 'TaxBasisTotalAmount'), ['net amount', 'net total', 'total net', 'subtotal']);
  terms.number('BT-106', 'Sum of Invoice line net amount', 'subtotal', childOf(totals, 'LineTotalAmount'), ['line total', 'sum of line net amounts']);
  terms.number('BT-110', 'Invoice total VAT amount', 'tax', vatTotal(totals, childOf(settlement, 'InvoiceCurrencyCode')?.text));
  terms.number('BT-107', 'Sum of allowances on document level', 'discount', childOf(totals, 'AllowanceTotalAmount'));
  const taxes = childrenOf(settlement, 'ApplicableTradeTax');
  // One rate for the whole invoice only: with several, no one of them is "the" VAT rate.
  if (taxes.length === 1) terms.number('BT-119', 'VAT category rate', 'tax_rate', childOf(taxes[0], 'RateApplicablePercent', 'ApplicablePercent'));
  const lines = childrenOf(transaction, 'IncludedSupplyChainTradeLineItem').map(lineTerms);
  return { header: terms.items, lines };
}

function party(
  terms: TermList,
  element: XmlElement | undefined,
  entity: NonNullable<InvoiceTerm['entity']>,
  role: string,
  bt: { name: string; vat?: string; taxNumber?: string; address: string },
): void {
  if (element === undefined) return;
  terms.text(bt.name, `${role} name`, 'name', childOf(element, 'Name'), undefined, entity);
  const registrations = childrenOf(element, 'SpecifiedTaxRegistration').map((r) => childOf(r, 'ID'));
  if (bt.vat !== undefined) terms.text(bt.vat, `${role} VAT identifier`, 'tax_id', registrations.find((id) => id?.attributes['schemeID'] === 'VA'), ['vat id', 'vat number', 'ust id', 'ust idnr'], entity);
  if (bt.taxNumber !== undefined) terms.text(bt.taxNumber, `${role} tax registration identifier`, 'tax_id', registrations.find((id) => id?.attributes['schemeID'] === 'FC'), ['tax number', 'steuernummer'], entity);
  const address = childOf(element, 'PostalTradeAddress');
  const street = [childOf(address, 'LineOne'), childOf(address, 'LineTwo')].map((e) => e?.text ?? '').filter((t) => t !== '');
  const postcode = childOf(address, 'PostcodeCode');
  const city = childOf(address, 'CityName');
  terms.text(bt.address, `${role} address line 1`, 'street', childOf(address, 'LineOne'), undefined, entity);
  terms.text(bt.address, `${role} post code`, 'postal_code', postcode, undefined, entity);
  terms.text(bt.address, `${role} city`, 'city', city, undefined, entity);
  terms.code(bt.address, `${role} country code`, 'country', childOf(address, 'CountryID'), entity);
  const cityLine = [postcode?.text ?? '', city?.text ?? ''].filter((t) => t !== '').join(' ');
  const whole = [...street, cityLine].filter((t) => t !== '').join(', ');
  if (whole !== '') terms.items.push({ bt: bt.address, label: `${role} postal address`, concept: 'address', entity, value: whole, kind: 'text' });
  const contact = childOf(element, 'DefinedTradeContact');
  terms.text(bt.address, `${role} contact email address`, 'email', pathOf(contact, 'EmailURIUniversalCommunication/URIID'), undefined, entity);
  terms.text(bt.address, `${role} contact telephone number`, 'phone', pathOf(contact, 'TelephoneUniversalCommunication/CompleteNumber'), undefined, entity);
}

function lineTerms(line: XmlElement): InvoiceTerm[] {
  const terms = new TermList();
  const product = childOf(line, 'SpecifiedTradeProduct');
  const agreement = childOf(line, 'SpecifiedLineTradeAgreement', 'SpecifiedSupplyChainTradeAgreement');
  const delivery = childOf(line, 'SpecifiedLineTradeDelivery', 'SpecifiedSupplyChainTradeDelivery');
  const settlement = childOf(line, 'SpecifiedLineTradeSettlement', 'SpecifiedSupplyChainTradeSettlement');
  terms.text('BT-126', 'Invoice line identifier', 'position', pathOf(line, 'AssociatedDocumentLineDocument/LineID'));
  terms.text('BT-153', 'Item name', 'description', childOf(product, 'Name'), ['name', 'item', 'item name', 'product', 'product name', 'description', 'article']);
  terms.text('BT-154', 'Item description', 'description', childOf(product, 'Description'), ['item description', 'product description']);
  terms.text('BT-155', "Item Seller's identifier", 'sku', childOf(product, 'SellerAssignedID'));
  const quantity = childOf(delivery, 'BilledQuantity');
  terms.number('BT-129', 'Invoiced quantity', 'quantity', quantity);
  const unit = quantity?.attributes['unitCode'];
  if (unit !== undefined && unit !== '') terms.items.push({ bt: 'BT-130', label: 'Invoiced quantity unit of measure code', concept: 'unit', value: unit, kind: 'code' });
  terms.number('BT-146', 'Item net price', 'unit_price', pathOf(agreement, 'NetPriceProductTradePrice/ChargeAmount'), ['unit price', 'price', 'net price']);
  terms.number('BT-131', 'Invoice line net amount', 'amount', pathOf(settlement, 'SpecifiedTradeSettlementLineMonetarySummation|SpecifiedTradeSettlementMonetarySummation/LineTotalAmount'), ['amount', 'total', 'line total', 'net amount', 'line amount']);
  terms.number('BT-152', 'Invoiced item VAT rate', 'tax_rate', childOf(childOf(settlement, 'ApplicableTradeTax'), 'RateApplicablePercent', 'ApplicablePercent'), ['vat', 'vat rate', 'tax rate', 'tax']);
  return terms.items;
}

/** BT-110 is the tax total in the invoice's currency (BT-111, the same in the VAT currency, may follow it). */
function vatTotal(totals: XmlElement | undefined, currency: string | undefined): XmlElement | undefined {
  const all = childrenOf(totals, 'TaxTotalAmount');
  return all.find((e) => currency !== undefined && e.attributes['currencyID'] === currency) ?? all[0];
}

class TermList {
  readonly items: InvoiceTerm[] = [];

  text(bt: string, label: string, concept: string, e: XmlElement | undefined, aliases?: readonly string[], entity?: InvoiceTerm['entity']): void {
    if (e !== undefined && e.text !== '') this.items.push({ bt, label, concept, ...(entity ? { entity } : {}), ...(aliases ? { aliases } : {}), value: e.text.replace(/\s+/g, ' '), kind: 'text' });
  }

  code(bt: string, label: string, concept: string, e: XmlElement | undefined, entity?: InvoiceTerm['entity']): void {
    if (e !== undefined && e.text !== '') this.items.push({ bt, label, concept, ...(entity ? { entity } : {}), value: e.text, kind: 'code' });
  }

  date(bt: string, label: string, concept: string, e: XmlElement | undefined): void {
    const iso = e === undefined ? null : dateOf(e);
    if (iso !== null) this.items.push({ bt, label, concept, value: iso, kind: 'date' });
  }

  number(bt: string, label: string, concept: string, e: XmlElement | undefined, aliases?: readonly string[]): void {
    // xs:decimal: digits, one point, an optional sign; nothing else is an EN 16931 amount.
    if (e === undefined || !/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(e.text)) return;
    this.items.push({ bt, label, concept, ...(aliases ? { aliases } : {}), value: Number(e.text), kind: 'number' });
  }
}

/** Format 102 (CCYYMMDD), the one EN 16931 allows for dates, as an ISO date; null for anything else. */
function dateOf(e: XmlElement): string | null {
  const format = e.attributes['format'];
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(e.text);
  if ((format !== undefined && format !== '102') || m === null) return null;
  const [, y, mo, d] = m;
  const date = new Date(`${y}-${mo}-${d}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) ? null : `${y}-${mo}-${d}`;
}
