/**
 * Rotated text read by the real layout reader from a PDF drawn with pdf-lib: an arXiv id up the
 * left margin beside an ordinary paragraph.
 */
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { readLayout } from '../../src/pdf/read-layout.ts';
import { attributionFor } from '../../src/pipeline/attribute.ts';
import type { PageLayout } from '../../src/pipeline/types.ts';

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
