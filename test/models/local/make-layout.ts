/**
 * Hand-built page layouts for LOCAL's tests. Text is laid out at 0.5 em per character, so a span's
 * box is predictable: x0 = x, x1 = x + 0.5 * size * text.length, y0 = y, y1 = y + size.
 */
import type { BBox, JsonSchema, Line, ModelRequest, PageLayout, Span } from '../../../src/domain/types.ts';

const SIZE = 10;

export function spanAt(text: string, x: number, y: number, size = SIZE): Span {
  return { text, bbox: { x0: x, y0: y, x1: x + 0.5 * size * text.length, y1: y + size }, fontSize: size };
}

function union(boxes: BBox[]): BBox {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

/** A line of one or more pieces `[x, text]`; two or more pieces make a table row with cells. */
export function line(y: number, pieces: readonly (readonly [number, string])[], size = SIZE): Line {
  const spans = pieces.map(([x, text]) => spanAt(text, x, y, size));
  const bbox = union(spans.map((s) => s.bbox));
  if (spans.length === 1) return { text: (spans[0] as Span).text, bbox, spans };
  return { text: spans.map((s) => s.text).join(' | '), bbox, spans, cells: spans.map((s) => ({ ...s })) };
}

/** A one-piece line. */
export function text(x: number, y: number, t: string, size = SIZE): Line {
  return line(y, [[x, t]], size);
}

export function page(n: number, lines: Line[], width = 595, height = 842): PageLayout {
  return { page: n, width, height, hasTextLayer: true, lines };
}

export function request(schema: JsonSchema, pages: PageLayout[], pointer = ''): ModelRequest {
  return {
    subtree: { pointer, schema, fieldCount: 1 },
    section: { pages, text: '', imagePages: [] },
    enableThinking: false,
    wantEvidence: true,
    signal: new AbortController().signal,
  };
}
