/**
 * The job-level summary of how the values of an attributed result are grounded, as warning lines
 * for `metadata.warnings`: one count line ("412 of 430 values found on the page ...") and one line
 * per value whose quote the document does not have (a likely invention), so none is lost in silence.
 */
import type { AttributionInfo, Grounding } from '../../domain/types.ts';

/** Lines naming single not_found values; the rest are counted in one line. */
const MAX_LISTED = 20;

function isAttributionInfo(value: unknown): value is AttributionInfo {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value).sort().join(',');
  return keys === 'confidence,extractedValue,location,reasoning';
}

function collect(value: unknown, pointer: string, out: Array<{ pointer: string; info: AttributionInfo }>): void {
  if (isAttributionInfo(value)) out.push({ pointer, info: value });
  else if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${pointer}/${i}`, out));
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) collect(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  }
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}

export function groundingWarnings(attributed: unknown): string[] {
  const all: Array<{ pointer: string; info: AttributionInfo }> = [];
  collect(attributed, '', all);
  if (all.length === 0) return [];
  const count = (g: Grounding): number => all.filter((a) => a.info.location?.grounding === g).length;
  const found = count('verbatim') + count('normalized');
  const ambiguous = all.filter((a) => a.info.location?.ambiguous).length;
  const parts = [
    `${found} of ${all.length} values found on the page (${count('verbatim')} verbatim, ${count('normalized')} after normalisation)`,
  ];
  if (count('inferred')) parts.push(`${count('inferred')} inferred (not printed, no box)`);
  if (count('unverified')) parts.push(`${count('unverified')} on scanned pages (boxes from the model, not verified)`);
  if (count('empty')) parts.push(`${count('empty')} printed empty`);
  if (count('not_found')) parts.push(`${count('not_found')} not found in the document (confidence lowered)`);
  if (ambiguous) parts.push(`${ambiguous} printed in several places with no way to tell which (location.ambiguous)`);
  const lines = [`citations: ${parts.join('; ')}`];
  const missing = all.filter((a) => a.info.location === null || a.info.location.grounding === 'not_found');
  for (const { pointer, info } of missing.slice(0, MAX_LISTED)) {
    const quote = info.location?.matchedText;
    const where = info.location?.page ? ` on page ${info.location.page}` : '';
    lines.push(
      quote
        ? `${pointer || '/'}: the quoted text "${shorten(quote)}" is not${where} in the document; the value may be invented`
        : `${pointer || '/'}: "${shorten(String(info.extractedValue))}" is not printed in the document; the value may be invented`,
    );
  }
  if (missing.length > MAX_LISTED) lines.push(`citations: ${missing.length - MAX_LISTED} more values not found in the document`);
  return lines;
}
