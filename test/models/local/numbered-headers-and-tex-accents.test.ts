/**
 * Column headers that carry a figure ("Assignment 1") are still a header row, and letters a TeX
 * font printed as an accent glyph before the letter ("Z¨oe") are read as the accented letter.
 */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: {
    rows: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, assignment_1: { type: 'number' }, assignment_2: { type: 'number' }, average: { type: 'number' } } },
    },
  },
};

describe('numbered column headers and TeX accents', () => {
  it('reads a table whose headers name their columns with figures, and composes "Z¨oe" into "Zöe"', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Name'], [150, 'Assignment 1'], [250, 'Assignment 2'], [350, 'Average']]),
      line(115, [[50, 'Hillary'], [200, '87'], [300, '88'], [380, '87']]),
      line(130, [[50, 'Z¨oe'], [200, '52'], [300, '48'], [380, '50']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect((res.value as { rows: unknown }).rows).toEqual([
      { name: 'Hillary', assignment_1: 87, assignment_2: 88, average: 87 },
      { name: 'Zöe', assignment_1: 52, assignment_2: 48, average: 50 },
    ]);
  });

  it('takes no header from a row of figures that name no column', async () => {
    const pages = [page(1, [
      line(100, [[50, 'Name'], [150, '2021'], [250, '2022'], [350, 'Average']]),
      line(115, [[50, 'Hillary'], [200, '87'], [300, '88'], [380, '87']]),
    ])];
    const res = await local.extract(request(schema, pages));
    const rows = ((res.value as { rows?: Record<string, unknown>[] }).rows ?? []);
    for (const r of rows) {
      expect(r['assignment_1'] ?? null).toBeNull();
      expect(r['assignment_2'] ?? null).toBeNull();
    }
  });
});
