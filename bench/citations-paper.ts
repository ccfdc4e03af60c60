/**
 * A two-page, two-column paper for the citations bench (tuning family): justified-looking column
 * text drawn one line per text run (so a value sits inside a long run, as in real PDFs), a title
 * over two lines, a keyword line whose words recur in the body, and result sentences whose dataset
 * names recur in other sentences. The model stand-in names page 1 for a third of the page-2 values.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';
import { Canvas, pick, rng } from './citations-drawing.ts';
import type { BenchDocument, TruthValue } from './citations-drawing.ts';

type Part = string | { pointer: string; value: unknown; printed: string };

const FILLER = [
  'we', 'study', 'how', 'documents', 'are', 'read', 'by', 'models', 'and', 'where', 'their', 'answers', 'come', 'from',
  'in', 'practice', 'the', 'boxes', 'drawn', 'around', 'values', 'help', 'reviewers', 'check', 'each', 'result', 'quickly',
  'our', 'method', 'uses', 'structure', 'of', 'a', 'page', 'to', 'pick', 'one', 'place', 'among', 'many',
];
const DATASETS = ['PubTabNet', 'FinTabNet', 'DocBank'];
const KEYWORDS = ['tables', 'layout', 'citations'];

function sentence(r: () => number, words: number): string {
  const out = Array.from({ length: words }, () => pick(r, FILLER));
  return `${out.join(' ')}.`;
}

/**
 * Lays out `parts` as a paragraph in a column, one text run per line; values are never split.
 * Returns the y of the next line.
 */
function paragraph(c: Canvas, font: PDFFont, parts: Part[], x: number, y: number, width: number, size: number): number {
  const units = parts.flatMap((p): Part[] => (typeof p === 'string' ? p.split(/\s+/).filter(Boolean) : [p]));
  const text = (u: Part): string => (typeof u === 'string' ? u : u.printed);
  let line: Part[] = [];
  const flush = (): void => {
    const printed = line.map(text).join(' ');
    c.text(printed, x, y, size);
    let at = x;
    for (const u of line) {
      const w = font.widthOfTextAtSize(text(u), size);
      if (typeof u !== 'string') c.record(u.pointer, u.value, u.printed, [{ x0: at, x1: at + w, y0: y - 0.7 * size, y1: y + 0.2 * size }], undefined, printed);
      at += w + font.widthOfTextAtSize(' ', size);
    }
    line = [];
    y += size * 1.3;
  };
  for (const u of units) {
    const candidate = [...line, u].map(text).join(' ');
    if (line.length > 0 && font.widthOfTextAtSize(candidate, size) > width) flush();
    line.push(u);
  }
  if (line.length > 0) flush();
  return y + size * 0.6;
}

export async function paper(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const pages = [doc.addPage([612, 792]), doc.addPage([612, 792])];
  const canvases = pages.map((p, i) => new Canvas(p, i + 1, font));
  const c1 = canvases[0]!;
  const title = 'Citations you can trust: grounding extracted values in the layout of long documents';
  c1.text('Citations you can trust: grounding extracted values', 72, 60, 15);
  c1.text('in the layout of long documents', 72, 80, 15);
  c1.record('/title', title, title, [
    { x0: 72, x1: 72 + font.widthOfTextAtSize('Citations you can trust: grounding extracted values', 15), y0: 60 - 10.5, y1: 63 },
    { x0: 72, x1: 72 + font.widthOfTextAtSize('in the layout of long documents', 15), y0: 80 - 10.5, y1: 83 },
  ]);
  paragraph(c1, font, ['Keywords:', ...KEYWORDS.map((k, i) => ({ pointer: `/keywords/${i}`, value: k, printed: i < KEYWORDS.length - 1 ? `${k},` : k }))], 72, 105, 460, 9);

  const metrics: unknown[] = [];
  let n = 0;
  canvases.forEach((c, pageIndex) => {
    for (const [col, x] of [[0, 72], [1, 322]] as const) {
      let y = pageIndex === 0 ? 130 : 70;
      while (y < 700) {
        const parts: Part[] = [sentence(r, 8 + Math.floor(r() * 8))];
        if (r() < 0.5) parts.push(`prior work on ${pick(r, DATASETS)} and ${pick(r, KEYWORDS)} ${sentence(r, 5)}`);
        if (r() < 0.45) {
          const dataset = pick(r, DATASETS);
          const f1 = Math.round(800 + r() * 190) / 10 + n / 1000;
          const printedF1 = f1.toFixed(3);
          parts.push('On the', { pointer: `/metrics/${n}/dataset`, value: dataset, printed: dataset }, 'benchmark our parser reaches an F1 of',
            { pointer: `/metrics/${n}/f1`, value: Number(printedF1), printed: printedF1 }, `points. ${sentence(r, 6)}`);
          metrics.push({ dataset, f1: Number(printedF1) });
          n++;
        }
        y = paragraph(c, font, parts, x, y, 230, 9);
      }
      void col;
    }
  });
  const truth: TruthValue[] = canvases.flatMap((c) => c.truth);
  // A third of the values on page 2 are said to be on page 1, as models sometimes do.
  for (const t of truth) if (t.page === 2 && r() < 1 / 3) t.hintedPage = 1;
  return { name: `paper-${seed}`, bytes: await doc.save(), value: { title, keywords: KEYWORDS, metrics }, truth };
}
