/**
 * A label of the tax's AMOUNT ("Umsatzsteuerbetrag", "MwSt-Betrag", "VAT amount"). An item's tax
 * rate is read under the tax's labels ("MwSt." heads a rate column), but a tax amount is no rate,
 * nor a line's net amount: only a property named for the tax amount ("tax_amount") takes it.
 */
import { foldLabel } from './normalize-label.ts';

/** Words that speak of tax, and words that make it the tax's amount, folded; also inside compounds ("umsatzsteuerbetrag"). */
const TAX_WORD = /steuer|mwst|\bu?st\b|\bvat\b|\btax\b|\btva\b|\biva\b|\bbtw\b|\bmoms\b|\bmva\b|\bgst\b/;
const AMOUNT_WORD = /betrag|\bamount\b|\bsumme\b|\btotal\b|\bmontant\b|\bimporte\b|\bimporto\b|\bbedrag\b|\bbelop\b/;

/** "Betrag inkl. MwSt", "Amount excl. VAT", "Nettobetrag ohne USt": an amount with or without the tax, not the tax's. */
const WITH_OR_WITHOUT = /\b(?:inkl|incl|inclusive|including|inklusive|exkl|excl|exklusive|excluding|ohne|mit|with|without|zzgl|zuzuglich|plus|hors|ttc|ht|net|netto|brutto|gross|iva incluida)\b|netto|brutto/;

/** Whether a label, as folded tokens joined by spaces, names the tax's amount. */
export function isTaxAmountLabel(folded: string): boolean {
  return TAX_WORD.test(folded) && AMOUNT_WORD.test(folded) && !WITH_OR_WITHOUT.test(folded);
}

/** Whether the item property named `name` may take a tax amount label's value. */
export function takesTaxAmount(name: string): boolean {
  return isTaxAmountLabel(foldLabel(name).join(' '));
}
