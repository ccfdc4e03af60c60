import module from 'node:module';

/** Where @napi-rs/canvas resolves to once kept out: a module of two classes that refuse to be made. */
const NO_CANVAS_URL = 'paperjson:no-canvas';

const NO_CANVAS_SOURCE = `
class NotInThisProcess {
  constructor() {
    throw new Error('Drawing is not available in a PDF reader that only reads text (keep-canvas-out.ts).');
  }
}
module.exports = { DOMMatrix: class DOMMatrix extends NotInThisProcess {}, Path2D: class Path2D extends NotInThisProcess {} };
`;

/**
 * Keeps pdf.js from loading its canvas addon (@napi-rs/canvas, a 35 MB Skia build) in a process
 * that only reads text and layout: pdf.js's Node build requires it on import, whatever the task, to
 * polyfill DOMMatrix and Path2D for drawing. Loading it cost a reader process 12-16 MB of resident
 * memory (after importing pdf.js: 80 MB with it, 64 without; Node 24, pdfjs-dist 6.5).
 *
 * It resolves to a stand-in whose DOMMatrix and Path2D throw when made, so that pdf.js neither
 * warns at import nor draws with something that is not a matrix. Reading text makes neither, with
 * one exception: a Type3 (bitmap) font's glyph images are turned into paths with a DOMMatrix when
 * the font loads. That glyph then stays uncompiled, which changes nothing read (the text and its
 * boxes come from the font's encoding and widths; test/pdf/pdf-in-child.test.ts compares such a
 * document read here and with the canvas).
 *
 * Call before pdf.js is first imported, and only in a process that never renders a page
 * (render-pages.ts needs the canvas).
 */
export function keepCanvasOut(): void {
  module.registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === '@napi-rs/canvas') return { url: NO_CANVAS_URL, format: 'commonjs', shortCircuit: true };
      return nextResolve(specifier, context);
    },
    load(url, context, nextLoad) {
      if (url === NO_CANVAS_URL) return { format: 'commonjs', source: NO_CANVAS_SOURCE, shortCircuit: true };
      return nextLoad(url, context);
    },
  });
}
