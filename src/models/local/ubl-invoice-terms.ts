/**
 * The business terms of a UBL 2.1 invoice (XRechnung and Peppol BIS in UBL syntax), as the CII
 * reader gives them (cii-invoice-terms.ts), from the EN 16931 UBL binding's elements.
 */
import { ALIASES, TermList } from './invoice-term-list.ts';
import type { InvoiceTerm, InvoiceTerms } from './invoice-term-list.ts';
import { childOf, childrenOf, pathOf } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

/** The terms of a UBL invoice, from its root element (Invoice). */
export function ublInvoiceTerms(root: XmlElement): InvoiceTerms {
  const terms = new TermList();
  const currency = childOf(root, 'DocumentCurrencyCode');
  terms.text('BT-1', 'Invoice number', 'invoice_number', childOf(root, 'ID'));
  terms.isoDate('BT-2', 'Invoice issue date', 'date', childOf(root, 'IssueDate'));
  terms.code('BT-5', 'Invoice currency code', 'currency', currency);
  terms.isoDate('BT-9', 'Payment due date', 'due_date', childOf(root, 'DueDate'));
  terms.text('BT-20', 'Payment terms', 'payment_terms', pathOf(root, 'PaymentTerms/Note'));
  terms.text('BT-10', 'Buyer reference', 'buyer_reference', childOf(root, 'BuyerReference'));
  terms.text('BT-13', 'Purchase order reference', 'po_number', pathOf(root, 'OrderReference/ID'));
  terms.isoDate('BT-72', 'Actual delivery date', 'delivery_date', pathOf(root, 'Delivery/ActualDeliveryDate'));
  party(terms, pathOf(root, 'AccountingSupplierParty/Party'), 'vendor', 'Seller', { name: 'BT-27', vat: 'BT-31', taxNumber: 'BT-32', address: 'BG-5', email: 'BT-43', phone: 'BT-42' });
  party(terms, pathOf(root, 'AccountingCustomerParty/Party'), 'customer', 'Buyer', { name: 'BT-44', vat: 'BT-48', address: 'BG-8', email: 'BT-58', phone: 'BT-57' });
  const account = pathOf(root, 'PaymentMeans/PayeeFinancialAccount');
  const iban = childOf(account, 'ID');
  if (iban !== undefined) iban.text = iban.text.replace(/\s+/g, '');
  terms.text('BT-84', 'Payment account identifier', 'iban', iban);
  terms.text('BT-85', 'Payment account name', 'account_holder', childOf(account, 'Name'));
  terms.text('BT-86', 'Payment service provider identifier', 'bic', pathOf(account, 'FinancialInstitutionBranch/ID'));
  const totals = childOf(root, 'LegalMonetaryTotal');
  terms.number('BT-112', 'Invoice total amount with VAT', 'total', childOf(totals, 'TaxInclusiveAmount'), ALIASES.grandTotal);
  terms.number('BT-115', 'Amount due for payment', 'total', childOf(totals, 'PayableAmount'), ALIASES.amountDue);
  terms.number('BT-109', 'Invoice total amount without VAT', 'subtotal', childOf(totals, 'TaxExclusiveAmount'), ALIASES.netTotal);
  terms.number('BT-106', 'Sum of Invoice line net amount', 'subtotal', childOf(totals, 'LineExtensionAmount'), ALIASES.lineTotal);
  terms.number('BT-107', 'Sum of allowances on document level', 'discount', childOf(totals, 'AllowanceTotalAmount'));
  // BT-110 is the TaxTotal in the invoice's currency (BT-111, in the VAT currency, may follow it).
  const taxTotals = childrenOf(root, 'TaxTotal');
  const taxTotal = taxTotals.find((t) => childOf(t, 'TaxAmount')?.attributes['currencyID'] === currency?.text) ?? taxTotals[0];
  terms.number('BT-110', 'Invoice total VAT amount', 'tax', childOf(taxTotal, 'TaxAmount'));
  const subtotals = childrenOf(taxTotal, 'TaxSubtotal');
  // One rate for the whole invoice only: with several, no one of them is "the" VAT rate.
  if (subtotals.length === 1) terms.number('BT-119', 'VAT category rate', 'tax_rate', pathOf(subtotals[0], 'TaxCategory/Percent'));
  return { header: terms.items, lines: childrenOf(root, 'InvoiceLine').map(lineTerms) };
}

function party(
  terms: TermList,
  element: XmlElement | undefined,
  entity: NonNullable<InvoiceTerm['entity']>,
  role: string,
  bt: { name: string; vat: string; taxNumber?: string; address: string; email?: string; phone?: string },
): void {
  if (element === undefined) return;
  terms.text(bt.name, `${role} name`, 'name', pathOf(element, 'PartyLegalEntity/RegistrationName') ?? pathOf(element, 'PartyName/Name'), undefined, entity);
  const schemes = childrenOf(element, 'PartyTaxScheme');
  const isVat = (s: XmlElement) => pathOf(s, 'TaxScheme/ID')?.text === 'VAT';
  terms.text(bt.vat, `${role} VAT identifier`, 'tax_id', childOf(schemes.find(isVat), 'CompanyID'), ALIASES.vatId, entity);
  if (bt.taxNumber !== undefined) terms.text(bt.taxNumber, `${role} tax registration identifier`, 'tax_id', childOf(schemes.find((s) => !isVat(s)), 'CompanyID'), ALIASES.taxNumber, entity);
  const address = childOf(element, 'PostalAddress');
  terms.address(bt.address, role, entity, {
    streets: [childOf(address, 'StreetName'), childOf(address, 'AdditionalStreetName')],
    postcode: childOf(address, 'PostalZone'),
    city: childOf(address, 'CityName'),
    country: pathOf(address, 'Country/IdentificationCode'),
  });
  terms.text(bt.email ?? bt.address, `${role} contact email address`, 'email', pathOf(element, 'Contact/ElectronicMail'), undefined, entity);
  terms.text(bt.phone ?? bt.address, `${role} contact telephone number`, 'phone', pathOf(element, 'Contact/Telephone'), undefined, entity);
}

function lineTerms(line: XmlElement): InvoiceTerm[] {
  const terms = new TermList();
  const item = childOf(line, 'Item');
  terms.text('BT-126', 'Invoice line identifier', 'position', childOf(line, 'ID'));
  terms.text('BT-153', 'Item name', 'description', childOf(item, 'Name'), ALIASES.itemName);
  terms.text('BT-154', 'Item description', 'description', childOf(item, 'Description'), ALIASES.itemDescription);
  terms.text('BT-155', "Item Seller's identifier", 'sku', pathOf(item, 'SellersItemIdentification/ID'));
  const quantity = childOf(line, 'InvoicedQuantity');
  terms.number('BT-129', 'Invoiced quantity', 'quantity', quantity);
  const unit = quantity?.attributes['unitCode'];
  if (unit !== undefined && unit !== '') terms.items.push({ bt: 'BT-130', label: 'Invoiced quantity unit of measure code', concept: 'unit', value: unit, kind: 'code' });
  terms.number('BT-146', 'Item net price', 'unit_price', pathOf(line, 'Price/PriceAmount'), ALIASES.netPrice);
  terms.number('BT-131', 'Invoice line net amount', 'amount', childOf(line, 'LineExtensionAmount'), ALIASES.lineAmount);
  terms.number('BT-152', 'Invoiced item VAT rate', 'tax_rate', pathOf(item, 'ClassifiedTaxCategory/Percent'), ALIASES.lineVatRate);
  return terms.items;
}
