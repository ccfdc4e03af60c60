/**
 * The business terms of a CII e-invoice (ZUGFeRD 1 and 2, Factur-X, XRechnung in CII syntax).
 *
 * Element paths follow the CII D16B schema (ZUGFeRD 2, Factur-X) and, where ZUGFeRD 1 (CII D13B,
 * urn:ferd:CrossIndustryDocument:invoice:1p0) names an element differently, its name as the
 * alternative. Values are typed as EN 16931 defines them: dates from format 102 (YYYYMMDD) to
 * ISO, amounts, quantities and rates as numbers.
 */
import { addPartyTerms, ALIASES, lineTermsFrom, PARTIES, TermList } from './invoice-term-list.ts';
import type { InvoiceTerm, InvoiceTerms, PartyElements } from './invoice-term-list.ts';
import { childOf, childrenOf, pathOf } from './xml-tree.ts';
import type { XmlElement } from './xml-tree.ts';

/** The terms of a CII invoice, from its root element (CrossIndustryInvoice or CrossIndustryDocument). */
export function ciiInvoiceTerms(root: XmlElement): InvoiceTerms {
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
  addPartyTerms(terms, PARTIES.seller, partyElements(childOf(agreement, 'SellerTradeParty')));
  addPartyTerms(terms, PARTIES.buyer, partyElements(childOf(agreement, 'BuyerTradeParty')));
  addPartyTerms(terms, PARTIES.shipTo, partyElements(childOf(delivery, 'ShipToTradeParty')));
  terms.text('BT-46', 'Buyer identifier', 'customer_id', pathOf(agreement, 'BuyerTradeParty/ID'));
  const means = childOf(settlement, 'SpecifiedTradeSettlementPaymentMeans');
  const iban = pathOf(means, 'PayeePartyCreditorFinancialAccount/IBANID');
  if (iban !== undefined) iban.text = iban.text.replace(/\s+/g, '');
  terms.text('BT-84', 'Payment account identifier', 'iban', iban);
  terms.text('BT-85', 'Payment account name', 'account_holder', pathOf(means, 'PayeePartyCreditorFinancialAccount/AccountName'));
  terms.text('BT-86', 'Payment service provider identifier', 'bic', pathOf(means, 'PayeeSpecifiedCreditorFinancialInstitution/BICID'));
  // The grand total before the amount due: a field called "total" means the invoice's total; a
  // field called "amount due" picks BT-115 by its alias.
  terms.number('BT-112', 'Invoice total amount with VAT', 'total', childOf(totals, 'GrandTotalAmount'), ALIASES.grandTotal);
  terms.number('BT-115', 'Amount due for payment', 'total', childOf(totals, 'DuePayableAmount'), ALIASES.amountDue);
  terms.number('BT-109', 'Invoice total amount without VAT', 'subtotal', childOf(totals, 'TaxBasisTotalAmount'), ALIASES.netTotal);
  terms.number('BT-106', 'Sum of Invoice line net amount', 'subtotal', childOf(totals, 'LineTotalAmount'), ALIASES.lineTotal);
  terms.number('BT-110', 'Invoice total VAT amount', 'tax', vatTotal(totals, childOf(settlement, 'InvoiceCurrencyCode')?.text));
  terms.number('BT-107', 'Sum of allowances on document level', 'discount', childOf(totals, 'AllowanceTotalAmount'));
  const taxes = childrenOf(settlement, 'ApplicableTradeTax');
  // One rate for the whole invoice only: with several, no one of them is "the" VAT rate.
  if (taxes.length === 1) terms.number('BT-119', 'VAT category rate', 'tax_rate', childOf(taxes[0], 'RateApplicablePercent', 'ApplicablePercent'));
  const lines = childrenOf(transaction, 'IncludedSupplyChainTradeLineItem').map(lineTerms);
  return { header: terms.items, lines };
}

/** Where a CII trade party keeps its terms. */
function partyElements(element: XmlElement | undefined): PartyElements | undefined {
  if (element === undefined) return undefined;
  const registrations = childrenOf(element, 'SpecifiedTaxRegistration').map((r) => childOf(r, 'ID'));
  const address = childOf(element, 'PostalTradeAddress');
  const contact = childOf(element, 'DefinedTradeContact');
  return {
    name: childOf(element, 'Name'),
    vat: registrations.find((id) => id?.attributes['schemeID'] === 'VA'),
    taxNumber: registrations.find((id) => id?.attributes['schemeID'] === 'FC'),
    streets: [childOf(address, 'LineOne'), childOf(address, 'LineTwo')],
    postcode: childOf(address, 'PostcodeCode'),
    city: childOf(address, 'CityName'),
    country: childOf(address, 'CountryID'),
    email: pathOf(contact, 'EmailURIUniversalCommunication/URIID'),
    phone: pathOf(contact, 'TelephoneUniversalCommunication/CompleteNumber'),
  };
}

function lineTerms(line: XmlElement): InvoiceTerm[] {
  const product = childOf(line, 'SpecifiedTradeProduct');
  const agreement = childOf(line, 'SpecifiedLineTradeAgreement', 'SpecifiedSupplyChainTradeAgreement');
  const delivery = childOf(line, 'SpecifiedLineTradeDelivery', 'SpecifiedSupplyChainTradeDelivery');
  const settlement = childOf(line, 'SpecifiedLineTradeSettlement', 'SpecifiedSupplyChainTradeSettlement');
  return lineTermsFrom({
    id: pathOf(line, 'AssociatedDocumentLineDocument/LineID'),
    name: childOf(product, 'Name'),
    description: childOf(product, 'Description'),
    sku: childOf(product, 'SellerAssignedID'),
    quantity: childOf(delivery, 'BilledQuantity'),
    netPrice: pathOf(agreement, 'NetPriceProductTradePrice/ChargeAmount'),
    lineAmount: pathOf(settlement, 'SpecifiedTradeSettlementLineMonetarySummation|SpecifiedTradeSettlementMonetarySummation/LineTotalAmount'),
    vatRate: childOf(childOf(settlement, 'ApplicableTradeTax'), 'RateApplicablePercent', 'ApplicablePercent'),
  });
}

/** BT-110 is the tax total in the invoice's currency (BT-111, the same in the VAT currency, may follow it). */
function vatTotal(totals: XmlElement | undefined, currency: string | undefined): XmlElement | undefined {
  const all = childrenOf(totals, 'TaxTotalAmount');
  return all.find((e) => currency !== undefined && e.attributes['currencyID'] === currency) ?? all[0];
}

