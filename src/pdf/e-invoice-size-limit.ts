/**
 * The largest e-invoice XML kept, in bytes. Real CII invoices are a few KB to a few hundred KB
 * (one with a thousand lines is about 1 MB); the XML is stored with the layout's JSON and read
 * by LOCAL in one piece, so a larger one is treated as no e-invoice rather than carried around.
 * pdf.js is made to decode an attachment only up to one byte more than this (text-worker.ts): the
 * reader's memory bound does not cover it, as decoded bytes live in typed arrays outside the heap
 * a heap limit caps, and a few KB deflated twice inflate to gigabytes.
 *
 * A module of its own because both e-invoice-attachment.ts (which keeps or drops an attachment)
 * and text-worker.ts (which bounds the decoding) need it, and e-invoice-attachment.ts also asks
 * text-worker.ts whether that bound is in place.
 */
export const MAX_E_INVOICE_BYTES = 2 * 1024 * 1024;
