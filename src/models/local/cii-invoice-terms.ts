/**
 * The business terms of a CII e-invoice (ZUGFeRD 1 and 2, Factur-X, XRechnung in CII syntax).
 *
 * Element paths follow the CII D16B schema (ZUGFeRD 2, Factur-X) and, where ZUGFeRD 1 (CII D13B,
 * urn:ferd:CrossIndustryDocument:invoice:1p0) names an element differently, its name as the
 * alternative. Values are typed as EN 16931 defines them: dates from format 102 (YYYYMMDD) to
 * ISO, amounts, quantities and rates as numbers.
 */
import { ALIASES, TermList } from './invoice-term-list.ts';
import type { InvoiceTerm, InvoiceTerms } from './invoice-term-list.ts';
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
  party(terms, childOf(agreement, 'SellerTradeParty'), 'vendor', 'Seller', { name: 'BT-27', vat: 'BT-31', taxNumber: 'BT-32', address: 'BG-5', email: 'BT-43', phone: 'BT-42' });
  party(terms, childOf(agreement, 'BuyerTradeParty'), 'customer', 'Buyer', { name: 'BT-44', vat: 'BT-48', address: 'BG-8', email: 'BT-58', phone: 'BT-57' });
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

function party(
  terms: TermList,
  element: XmlElement | undefined,
  entity: NonNullable<InvoiceTerm['entity']>,
  role: string,
  bt: { name: string; vat?: string; taxNumber?: string; address: string; email?: string; phone?: string },
): void {
  if (element === undefined) return;
  terms.text(bt.name, `${role} name`, 'name', childOf(element, 'Name'), undefined, entity);
  const registrations = childrenOf(element, 'SpecifiedTaxRegistration').map((r) => childOf(r, 'ID'));
  if (bt.vat !== undefined) terms.text(bt.vat, `${role} VAT identifier`, 'tax_id', registrations.find((id) => id?.attributes['schemeID'] === 'VA'), ALIASES.vatId, entity);
  if (bt.taxNumber !== undefined) terms.text(bt.taxNumber, `${role} tax registration identifier`, 'tax_id', registrations.find((id) => id?.attributes['schemeID'] === 'FC'), ALIASES.taxNumber, entity);
  const address = childOf(element, 'PostalTradeAddress');
  terms.address(bt.address, role, entity, {
    streets: [childOf(address, 'LineOne'), childOf(address, 'LineTwo')],
    postcode: childOf(address, 'PostcodeCode'),
    city: childOf(address, 'CityName'),
    country: childOf(address, 'CountryID'),
  });
  const contact = childOf(element, 'DefinedTradeContact');
  terms.text(bt.email ?? bt.address, `${role} contact email address`, 'email', pathOf(contact, 'EmailURIUniversalCommunication/URIID'), undefined, entity);
  terms.text(bt.phone ?? bt.address, `${role} contact telephone number`, 'phone', pathOf(contact, 'TelephoneUniversalCommunication/CompleteNumber'), undefined, entity);
}

function lineTerms(line: XmlElement): InvoiceTerm[] {
  const terms = new TermList();
  const product = childOf(line, 'SpecifiedTradeProduct');
  const agreement = childOf(line, 'SpecifiedLineTradeAgreement', 'SpecifiedSupplyChainTradeAgreement');
  const delivery = childOf(line, 'SpecifiedLineTradeDelivery', 'SpecifiedSupplyChainTradeDelivery');
  const settlement = childOf(line, 'SpecifiedLineTradeSettlement', 'SpecifiedSupplyChainTradeSettlement');
  terms.text('BT-126', 'Invoice line identifier', 'position', pathOf(line, 'AssociatedDocumentLineDocument/LineID'));
  terms.text('BT-153', 'Item name', 'description', childOf(product, 'Name'), ALIASES.itemName);
  terms.text('BT-154', 'Item description', 'description', childOf(product, 'Description'), ALIASES.itemDescription);
  terms.text('BT-155', "Item Seller's identifier", 'sku', childOf(product, 'SellerAssignedID'));
  const quantity = childOf(delivery, 'BilledQuantity');
  terms.number('BT-129', 'Invoiced quantity', 'quantity', quantity);
  const unit = quantity?.attributes['unitCode'];
  if (unit !== undefined && unit !== '') terms.items.push({ bt: 'BT-130', label: 'Invoiced quantity unit of measure code', concept: 'unit', value: unit, kind: 'code' });
  terms.number('BT-146', 'Item net price', 'unit_price', pathOf(agreement, 'NetPriceProductTradePrice/ChargeAmount'), ALIASES.netPrice);
  terms.number('BT-131', 'Invoice line net amount', 'amount', pathOf(settlement, 'SpecifiedTradeSettlementLineMonetarySummation|SpecifiedTradeSettlementMonetarySummation/LineTotalAmount'), ALIASES.lineAmount);
  terms.number('BT-152', 'Invoiced item VAT rate', 'tax_rate', childOf(childOf(settlement, 'ApplicableTradeTax'), 'RateApplicablePercent', 'ApplicablePercent'), ALIASES.lineVatRate);
  return terms.items;
}

/** BT-110 is the tax total in the invoice's currency (BT-111, the same in the VAT currency, may follow it). */
function vatTotal(totals: XmlElement | undefined, currency: string | undefined): XmlElement | undefined {
  const all = childrenOf(totals, 'TaxTotalAmount');
  return all.find((e) => currency !== undefined && e.attributes['currencyID'] === currency) ?? all[0];
}

