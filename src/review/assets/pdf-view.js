// The document's pages drawn with pdf.js (served by the API from node_modules, no CDN), and the
// highlight boxes over them. Boxes come in PDF points with the page's top-left corner as origin
// ({x0, y0, x1, y1}, y downward) and are placed in percent of the page's size, so they stay on
// their words at any zoom.

import * as pdfjs from '/review/pdfjs/build/pdf.mjs';

pdfjs.GlobalWorkerOptions.workerSrc = '/review/pdfjs/build/pdf.worker.mjs';

/**
 * Lays out every page at its size and draws a page's canvas when it scrolls near the view (a
 * 2,000-page document must not draw 2,000 canvases up front). Returns the page elements by
 * page number. Each page gets data-rendered="true" once its canvas is drawn.
 */
export async function showPdf(container, bytes) {
  const pdf = await pdfjs.getDocument({
    data: bytes,
    isEvalSupported: false,
    standardFontDataUrl: '/review/pdfjs/standard_fonts/',
    cMapUrl: '/review/pdfjs/cmaps/',
    cMapPacked: true,
    wasmUrl: '/review/pdfjs/wasm/',
    iccUrl: '/review/pdfjs/iccs/',
  }).promise;
  const pages = new Map();
  const width = Math.max(300, container.clientWidth - 32);
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        const page = pages.get(Number(entry.target.dataset.page));
        void drawPage(page).catch((error) => {
          entry.target.dataset.rendered = 'error';
          entry.target.title = `This page could not be drawn: ${error.message}`;
        });
      }
    },
    { root: container, rootMargin: '600px 0px' },
  );
  for (let number = 1; number <= pdf.numPages; number++) {
    const page = await pdf.getPage(number);
    const size = page.getViewport({ scale: 1 });
    const element = document.createElement('div');
    element.className = 'page';
    element.dataset.page = String(number);
    element.style.width = `${width}px`;
    element.style.height = `${(width * size.height) / size.width}px`;
    const label = document.createElement('span');
    label.className = 'page-number';
    label.textContent = `page ${number}`;
    element.append(label);
    container.append(element);
    pages.set(number, { number, page, element, width: size.width, height: size.height, cssWidth: width });
    observer.observe(element);
  }
  return pages;
}

async function drawPage({ page, element, width, cssWidth }) {
  const scale = (cssWidth / width) * (window.devicePixelRatio || 1);
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement('canvas');
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  element.prepend(canvas);
  await page.render({ canvas, canvasContext: canvas.getContext('2d'), viewport }).promise;
  element.dataset.rendered = 'true';
}

/**
 * One box per leaf with a page and a box, carrying data-pointer (the value's JSON Pointer in the
 * result). Replaces the boxes drawn before: the result grows subtree by subtree.
 */
export function drawBoxes(pages, leaves) {
  for (const old of document.querySelectorAll('.page .box')) old.remove();
  for (const { pointer, value, place } of leaves) {
    if (!place.bbox || place.page === null) continue;
    const page = pages.get(place.page);
    if (!page) continue;
    const { x0, y0, x1, y1 } = place.bbox;
    const box = document.createElement('div');
    box.className = place.verified ? 'box' : 'box unverified';
    box.dataset.pointer = pointer;
    box.title = `${pointer}: ${value === null ? 'null' : String(value)}`;
    box.style.left = `${(Math.min(x0, x1) / page.width) * 100}%`;
    box.style.top = `${(Math.min(y0, y1) / page.height) * 100}%`;
    box.style.width = `${(Math.abs(x1 - x0) / page.width) * 100}%`;
    box.style.height = `${(Math.abs(y1 - y0) / page.height) * 100}%`;
    page.element.append(box);
  }
}
