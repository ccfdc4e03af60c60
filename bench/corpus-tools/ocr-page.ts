/**
 * Draws a page the way an OCR engine writes its invisible text layer over a scan: every word is
 * its own text run, baselines wander a little, the gaps between words vary, and some long label
 * words come out split in two ("Rechnungs nummer"). Values are never split, so the ground truth
 * stays what a person reads. The runs drawn are also returned, as the document's source.
 *
 * Deterministic: the noise comes from a seeded generator, so the set regenerates identically.
 */
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { PDFFont } from 'pdf-lib';

export interface Run {
  x: number;
  /** Baseline, from the top of the page. */
  y: number;
  text: string;
  size: number;
  bold: boolean;
  /** x is the right edge instead of the left one. */
  right: boolean;
  /** A label or heading: its long words may be split as OCR does. */
  label: boolean;
}

export interface RuleLine { x0: number; y0: number; x1: number; y1: number }

export interface OcrNoise {
  /** Largest baseline shift of a word, in points. */
  jitter: number;
  /** Share of long label words split in two. */
  splitRate: number;
  /** Word gaps are a space times a factor between 1 and this. */
  maxGapFactor: number;
}

export const CLEAN: OcrNoise = { jitter: 0, splitRate: 0, maxGapFactor: 1 };
export const SCANNED: OcrNoise = { jitter: 0.9, splitRate: 0.35, maxGapFactor: 2.2 };

const PAGE_WIDTH = 595;
const PAGE_HEIGHT = 842;

/** Collects what a document draws; `render` prints it. */
export class OcrPage {
  readonly runs: Run[] = [];
  readonly rules: RuleLine[] = [];

  text(x: number, y: number, text: string, opts: { size?: number; bold?: boolean; label?: boolean } = {}): this {
    this.runs.push({ x, y, text, size: opts.size ?? 9.5, bold: opts.bold ?? false, right: false, label: opts.label ?? false });
    return this;
  }

  right(x: number, y: number, text: string, opts: { size?: number; bold?: boolean; label?: boolean } = {}): this {
    this.runs.push({ x, y, text, size: opts.size ?? 9.5, bold: opts.bold ?? false, right: true, label: opts.label ?? false });
    return this;
  }

  label(x: number, y: number, text: string, opts: { size?: number; bold?: boolean } = {}): this {
    return this.text(x, y, text, { ...opts, label: true });
  }

  rule(x0: number, y0: number, x1: number, y1: number): this {
    this.rules.push({ x0, y0, x1, y1 });
    return this;
  }
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Splits a run into word pieces with their x offsets, adding OCR noise. */
function pieces(run: Run, font: PDFFont, noise: OcrNoise, rand: () => number): Array<{ dx: number; dy: number; text: string }> {
  const space = font.widthOfTextAtSize(' ', run.size);
  const out: Array<{ dx: number; dy: number; text: string }> = [];
  let dx = 0;
  for (const word of run.text.split(' ').filter((w) => w !== '')) {
    const dy = (rand() * 2 - 1) * noise.jitter;
    const letters = word.replace(/[^\p{L}]/gu, '').length;
    if (run.label && letters >= 8 && rand() < noise.splitRate) {
      const cut = Math.floor(word.length / 2) + 1;
      const head = word.slice(0, cut);
      out.push({ dx, dy, text: head });
      dx += font.widthOfTextAtSize(head, run.size) + space * (0.6 + rand() * 0.6);
      out.push({ dx, dy: dy + (rand() * 2 - 1) * noise.jitter, text: word.slice(cut) });
      dx += font.widthOfTextAtSize(word.slice(cut), run.size);
    } else {
      out.push({ dx, dy, text: word });
      dx += font.widthOfTextAtSize(word, run.size);
    }
    dx += space * (1 + rand() * (noise.maxGapFactor - 1));
  }
  return out;
}

export async function renderOcrPage(page: OcrPage, noise: OcrNoise, seed: number): Promise<Uint8Array> {
  // Fixed dates, so a set regenerates byte for byte.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const p = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  const rand = seeded(seed);
  for (const run of page.runs) {
    const font = run.bold ? bold : regular;
    const parts = pieces(run, font, noise, rand);
    const width = parts.length === 0 ? 0 : (parts.at(-1)?.dx ?? 0) + font.widthOfTextAtSize(parts.at(-1)?.text ?? '', run.size);
    const x0 = run.right ? run.x - width : run.x;
    for (const part of parts) {
      p.drawText(part.text, { x: x0 + part.dx, y: PAGE_HEIGHT - run.y + part.dy, size: run.size, font, color: rgb(0.1, 0.1, 0.1) });
    }
  }
  for (const r of page.rules) {
    p.drawLine({ start: { x: r.x0, y: PAGE_HEIGHT - r.y0 }, end: { x: r.x1, y: PAGE_HEIGHT - r.y1 }, thickness: 0.6, color: rgb(0.3, 0.3, 0.3) });
  }
  return pdf.save({ useObjectStreams: false });
}
