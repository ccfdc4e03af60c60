/**
 * Citations on PDFs drawn with pdf-lib and read by the real layout reader: an arXiv id up the left
 * margin beside an ordinary paragraph, and a year at the end of a long line in a proportional font.
 */
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { attributionFor } from '../../src/pipeline/attribute.ts';
import type { PageLayout } from '../../src/domain/types.ts';

const ID = 'arXiv:2101.00001v2 [cs.CL] 4 Jan 2021';

async function drawPage(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  page.drawText('Tables are read row by row in this paper, and 2021 is the year of the study.', { x: 72, y: 600, size: 10, font });
  page.drawText('A second line of body text follows the first one here.', { x: 72, y: 586, size: 10, font });
  page.drawText(ID, { x: 30, y: 300, size: 12, font, rotate: degrees(90) });
  return doc.save();
}

describe('text printed up the margin', () => {
  let page: PageLayout;
  beforeAll(async () => {
    page = (await readLayout(await drawPage())).pages[0]!;
  });

  it('is its own line after the body, not glued to a body row', () => {
    expect(page.lines.map((l) => l.text)).toEqual([
      'Tables are read row by row in this paper, and 2021 is the year of the study.',
      'A second line of body text follows the first one here.',
      ID,
    ]);
    expect(page.lines[2]!.spans[0]!.rotation).toBe(90);
  });

  it('a value in it gets a tall narrow box along the text, inside the margin', () => {
    const info = attributionFor('2101.00001v2', { evidence: undefined, section: { pages: [page], text: '', imagePages: [] } }, []);
    const box = info.location?.bbox;
    expect(info.location).toMatchObject({ rotation: 90, grounding: 'verbatim' });
    expect(box!.x1 - box!.x0).toBeLessThan(15);
    expect(box!.y1 - box!.y0).toBeGreaterThan(50);
    // Drawn from y = 300 (PDF, bottom-up) upwards: on the top-down page it ends at 792 - 300.
    expect(box!.y1).toBeLessThan(792 - 300);
    expect(box!.x0).toBeGreaterThan(15);
    expect(box!.x1).toBeLessThan(35);
  });
});

describe('a value inside a long line of a proportional font', () => {
  it('a year after narrow letters in a long line is boxed on its digits, not characters away', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const text = 'Illicit little lilies fill it; still, it will illuminate (2017) and MMM WWW MMM.';
    doc.addPage([612, 792]).drawText(text, { x: 40, y: 700, size: 10, font });
    const page = (await readLayout(await doc.save())).pages[0]!;
    const info = attributionFor(2017, { evidence: undefined, section: { pages: [page], text: '', imagePages: [] } }, []);
    const x0 = 40 + font.widthOfTextAtSize(text.slice(0, text.indexOf('2017')), 10);
    const x1 = x0 + font.widthOfTextAtSize('2017', 10);
    // Within a point (glyph widths are estimated); equal widths per character would put the box
    // 47 pt to the right, past the year.
    expect(Math.abs(info.location!.bbox!.x0 - x0)).toBeLessThan(1);
    expect(Math.abs(info.location!.bbox!.x1 - x1)).toBeLessThan(1);
  });
});
