/**
 * Column headers that carry a figure ("Lap 1") are still a header row, and letters a TeX font
 * printed as an accent glyph before the letter ("Sch¨afer") are read as the accented letter; an
 * acute or grave accent printed alone is an apostrophe typed with the wrong key and is kept.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: {
    rows: {
      type: 'array',
      items: { type: 'object', properties: { runner: { type: 'string' }, lap_1: { type: 'number' }, lap_2: { type: 'number' }, best: { type: 'number' } } },
    },
  },
};

describe('numbered column headers and TeX accents', () => {
  it('reads a table whose headers name their columns with figures, and composes "Sch¨afer" and "ˇCapek"', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Runner'], [150, 'Lap 1'], [250, 'Lap 2'], [350, 'Best']]),
      line(115, [[50, 'Sch¨afer'], [160, '61'], [260, '64'], [360, '61']]),
      line(130, [[50, 'ˇCapek'], [160, '66'], [260, '63'], [360, '63']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as { rows: unknown }).rows).toEqual([
      { runner: 'Schäfer', lap_1: 61, lap_2: 64, best: 61 },
      { runner: 'Čapek', lap_1: 66, lap_2: 63, best: 63 },
    ]);
  });

  it('takes no header from a row of figures that name no column', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Runner'], [150, '2019'], [250, '2020'], [350, 'Best']]),
      line(115, [[50, 'Sch¨afer'], [160, '61'], [260, '64'], [360, '61']]),
    ])];
    const res = await local.extract(request(schema, pages));
    const rows = ((res.value as { rows?: Record<string, unknown>[] }).rows ?? []);
    for (const r of rows) {
      expect(r['lap_1'] ?? null).toBeNull();
      expect(r['lap_2'] ?? null).toBeNull();
    }
  });

  it('keeps an acute or grave accent that stands for an apostrophe ("d´Souza", "L`atelier")', async () => {
    const contact: JsonSchema = { type: 'object', properties: { contact: { type: 'string' }, company: { type: 'string' } } };
    const res = await local.extract(request(contact, [page(1, [text(50, 100, 'Contact: Ana d´Souza'), text(50, 115, 'Company: L`atelier Morel')])]));
    expect(res.value).toEqual({ contact: 'Ana d´Souza', company: 'L`atelier Morel' });
  });
});
