import type { BBox } from '../domain/types.ts';

/**
 * One pdf.js text item (a run of glyphs) with its box, top-left origin, y down: what read-layout.ts
 * hands to page-lines.ts, and what narrow-cell-gaps.ts judges the gaps between.
 */
export interface TextFragment {
  text: string;
  bbox: BBox;
  /** y of the baseline, top-left origin. */
  baseline: number;
  fontSize: number;
  /** The run's font is fixed-pitch (pdf.js reports it); word gaps are then a whole character wide. */
  monospace?: boolean;
  /** Degrees counter-clockwise of the text direction; absent for horizontal text. */
  rotation?: number;
}
