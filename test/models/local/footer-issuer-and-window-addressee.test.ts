/**
 * A business letter whose issuer is printed only in a footer of columns (name, street, postcode
 * and town in the first one; bank and register in the others), with the addressee's block alone
 * at the top left where the envelope window shows it.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const party = { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } } as const;
const schema: JsonSchema = { type: 'object', properties: { seller: party, buyer: party } };

function letter(footerFirstColumn: readonly string[]) {
  return [page(1, [
    text(60, 130, 'Weinstube Rebhuhn KG'), text(60, 143, 'Kelterweg 3'), text(60, 156, '67098 Bad Dürkheim'),
    text(60, 230, 'Rechnung Nr. 2025/0417'),
    line(260, [[60, 'Menge'], [120, 'Artikel'], [400, 'Einzelpreis'], [480, 'Gesamtpreis']]),
    line(275, [[70, '12'], [120, 'Riesling trocken 0,75 l'], [410, '8,40'], [490, '100,80']]),
    ...footerFirstColumn.map((t, i) => line(760 + 9 * i, [[55, t], [220, ['USt-IdNr. DE 281 554 903', 'HRA 6123'][i] ?? ''], [390, ['Sparkasse Rhein-Haardt', 'IBAN DE55 5465 1240 0005 5120 33'][i] ?? '']].filter(([, s]) => s !== '') as Array<[number, string]>, 6.5)),
  ])];
}

describe('LOCAL on a letter whose issuer is in the footer', () => {
  it('reads the issuer from the first footer column and the block in the address window as the addressee', () => {
    const res = runLocalExtraction(request(schema, letter(['Weingut Sonnenhang GmbH', 'Am Kirchberg 8', '67146 Deidesheim']))).value;
    expect(res).toEqual({
      seller: { name: 'Weingut Sonnenhang GmbH', street: 'Am Kirchberg 8', postal_code: '67146', city: 'Deidesheim' },
      buyer: { name: 'Weinstube Rebhuhn KG', street: 'Kelterweg 3', postal_code: '67098', city: 'Bad Dürkheim' },
    });
  });

  it('keeps the top block as the issuer when the footer\'s first column is not a name over an address', () => {
    const res = runLocalExtraction(request(schema, letter(['Geschäftsführung: R. Sommer', 'Amtsgericht Ludwigshafen']))).value as { seller?: { name?: string } };
    expect(res.seller?.name).toBe('Weinstube Rebhuhn KG');
  });
});
