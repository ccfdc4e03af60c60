/**
 * Text layers as OCR engines write them over a scan: one run per word, wandering baselines,
 * uneven gaps that split a cell in two, label words split inside ("Bezeic hnung"). The page is
 * printed with pdf-lib and read back through the real PDF reader.
 */
import { describe, expect, it } from 'vitest';
import { OcrPage, renderOcrPage, SCANNED } from '../../../bench/corpus-tools/ocr-page.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { readLayout } from '../../../src/pdf/read-layout.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { request } from './make-layout.ts';

const local = createLocalProvider();

describe('OCR text layers', () => {
  it('reads an items table whose header words and description cells the OCR split', async () => {
    const p = new OcrPage();
    p.label(60, 180, 'Bezeichnung', { bold: true }).right(380, 180, 'Menge', { bold: true, label: true })
      .right(460, 180, 'Einzelpreis', { bold: true, label: true }).right(545, 180, 'Gesamtbetrag', { bold: true, label: true });
    const rows = [['Schrauben M8 verzinkt', '200', '0,12', '24,00'], ['Muttern M8 selbstsichernd', '200', '0,09', '18,00'], ['Montagekleber Kartusche 290 ml', '6', '7,45', '44,70']] as const;
    rows.forEach((r, i) => p.text(60, 196 + 16 * i, r[0]).right(380, 196 + 16 * i, r[1]).right(460, 196 + 16 * i, r[2]).right(545, 196 + 16 * i, r[3]));
    p.right(440, 260, 'Zwischensumme', { label: true }).right(545, 260, '86,70 €');
    const layout = await readLayout(await renderOcrPage(p, SCANNED, 11));
    const schema: JsonSchema = { type: 'object', properties: {
      subtotal: { type: 'number' },
      line_items: { type: 'array', items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, unit_price: { type: 'number' }, amount: { type: 'number' } } } },
    } };
    const res = await local.extract(request(schema, layout.pages));
    expect(res.value).toEqual({
      subtotal: 86.7,
      line_items: [
        { description: 'Schrauben M8 verzinkt', quantity: 200, unit_price: 0.12, amount: 24 },
        { description: 'Muttern M8 selbstsichernd', quantity: 200, unit_price: 0.09, amount: 18 },
        { description: 'Montagekleber Kartusche 290 ml', quantity: 6, unit_price: 7.45, amount: 44.7 },
      ],
    });
  });
});
