/**
 * A field named for the VAT id ("vat_id", "ust_id") shares the tax_id concept with tax numbers,
 * whose labels ("Steuernummer", "tax number") also name it. A national tax number
 * ("Steuernummer: 20/291/08815") is no VAT id: a value under such a label counts only if it looks
 * like a VAT id, a country prefix and then figures. Under a VAT label any value counts.
 */
import type { FieldSpec } from './search-field.ts';
import { foldLabel } from './normalize-label.ts';

/** Folded words that name VAT, alone or in a VAT id's label ("USt-IdNr." folds to "ust idnr"). */
const VAT_WORDS = /\b(?:vat|u ?st|ust ?id\w*|uid|umsatzsteuer ?id\w*|tva|iva|btw|mwst|moms|mva|gst)\b/;
const VAT_ID_SHAPE = /^[A-Z]{2}[\s.-]?[0-9A-Z]/;

/** True when `value`, read after the label `labelText`, is no VAT id for a field named for one. */
export function notAVatId(spec: FieldSpec, labelText: string, value: unknown): boolean {
  if (spec.labels.concept?.key !== 'tax_id' || !VAT_WORDS.test(foldLabel(spec.name).join(' '))) return false;
  return !VAT_WORDS.test(foldLabel(labelText).join(' ')) && !VAT_ID_SHAPE.test(String(value).trim());
}
