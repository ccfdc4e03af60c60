/**
 * The business terms of a UBL 2.1 invoice (XRechnung and Peppol BIS in UBL syntax), as the CII
 * reader gives them (cii-invoice-terms.ts), from the EN 16931 UBL binding's elements.
 */
import { addPartyTerms, ALIASES, lineTermsFrom, PARTIES, TermList } from './invoice-term-list.ts';
import type { InvoiceTerm, InvoiceTerms, PartyElements } from './invoice-term-list.ts';
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
  addPartyTerms(terms, PARTIES.seller, partyElements(pathOf(root, 'AccountingSupplierParty/Party')));
  addPartyTerms(terms, PARTIES.buyer, partyElements(pathOf(root, 'AccountingCustomerParty/Party')));
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

/** Where a UBL party keeps its terms. */
function partyElements(element: XmlElement | undefined): PartyElements | undefined {
  if (element === undefined) return undefined;
  const schemes = childrenOf(element, 'PartyTaxScheme');
  const isVat = (scheme: XmlElement) => pathOf(scheme, 'TaxScheme/ID')?.text === 'VAT';
  const address = childOf(element, 'PostalAddress');
  return {
    name: pathOf(element, 'PartyLegalEntity/RegistrationName') ?? pathOf(element, 'PartyName/Name'),
    vat: childOf(schemes.find(isVat), 'CompanyID'),
    taxNumber: childOf(schemes.find((scheme) => !isVat(scheme)), 'CompanyID'),
    streets: [childOf(address, 'StreetName'), childOf(address, 'AdditionalStreetName')],
    postcode: childOf(address, 'PostalZone'),
    city: childOf(address, 'CityName'),
    country: pathOf(address, 'Country/IdentificationCode'),
    email: pathOf(element, 'Contact/ElectronicMail'),
    phone: pathOf(element, 'Contact/Telephone'),
  };
}

function lineTerms(line: XmlElement): InvoiceTerm[] {
  const item = childOf(line, 'Item');
  return lineTermsFrom({
    id: childOf(line, 'ID'),
    name: childOf(item, 'Name'),
    description: childOf(item, 'Description'),
    sku: pathOf(item, 'SellersItemIdentification/ID'),
    quantity: childOf(line, 'InvoicedQuantity'),
    netPrice: pathOf(line, 'Price/PriceAmount'),
    lineAmount: childOf(line, 'LineExtensionAmount'),
    vatRate: pathOf(item, 'ClassifiedTaxCategory/Percent'),
  });
}
