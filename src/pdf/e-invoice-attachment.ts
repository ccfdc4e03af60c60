/**
 * The e-invoice XML a hybrid invoice (ZUGFeRD 1/2, Factur-X, XRechnung in a PDF) carries as an
 * embedded file, read alongside the layout (read-layout.ts, read-pdf-task.ts).
 *
 * Recognised by its root element, not by its file name: producers name it factur-x.xml,
 * zugferd-invoice.xml, ZUGFeRD-invoice.xml, xrechnung.xml or anything else, and a file named
 * invoice.xml may be something else entirely. The name only decides which attachments are worth
 * decoding at all (an .xml name), so an embedded video or spreadsheet is never decompressed.
 *
 * Anything wrong with the attachments (a damaged stream, an XML that is too large, not UTF-8 or
 * not an invoice) leaves the document without an e-invoice: it is then read from its print as
 * any other PDF, and the layout never fails because of its attachments.
 */
import type { EmbeddedInvoice } from '../domain/types.ts';
import { MAX_E_INVOICE_BYTES } from './e-invoice-size-limit.ts';
import type { PDFDocumentProxy } from './load-pdf.ts';
import { attachmentReadsAreBounded } from './text-worker.ts';

/** At most this many attachments are decoded: a file with thousands of .xml attachments costs no more than a few. */
const MAX_CANDIDATES = 8;

/** Root elements of the invoice syntaxes, by namespace (the prefix is the producer's choice). */
const ROOTS: ReadonlyArray<{ localName: string; namespace: string; syntax: EmbeddedInvoice['syntax'] }> = [
  // ZUGFeRD 2, Factur-X, XRechnung (CII syntax)
  { localName: 'CrossIndustryInvoice', namespace: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100', syntax: 'CII' },
  // ZUGFeRD 1
  { localName: 'CrossIndustryDocument', namespace: 'urn:ferd:CrossIndustryDocument:invoice:1p0', syntax: 'CII' },
  // UBL (XRechnung may be UBL; rarer inside PDFs)
  { localName: 'Invoice', namespace: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2', syntax: 'UBL' },
];

interface Attachment {
  filename?: string;
  /** pdf.js 5 gave the content with the list; pdf.js 6 gives it on request (getAttachmentContent). */
  content?: Uint8Array;
}

/** The document's e-invoice XML, or undefined when it has none this reader can use. Never throws. */
export async function readEInvoiceAttachment(doc: PDFDocumentProxy): Promise<EmbeddedInvoice | undefined> {
  // Without the bound on decoding, one attachment could take gigabytes: none is read.
  if (!attachmentReadsAreBounded()) return undefined;
  try {
    // A Map in pdf.js 6, a plain object in pdf.js 5; null without attachments.
    const list = (await doc.getAttachments()) as Map<string, Attachment> | Record<string, Attachment> | null;
    const entries = list === null ? [] : list instanceof Map ? [...list] : Object.entries(list);
    const candidates = entries.filter(([id, a]) => /\.xml$/i.test(a.filename ?? id)).slice(0, MAX_CANDIDATES);
    for (const [id, attachment] of candidates) {
      const content = attachment.content ?? (await attachmentContent(doc, id));
      // Decoding stops one byte past the bound, so an attachment that reaches it is too large.
      if (content === undefined || content.length > MAX_E_INVOICE_BYTES) continue;
      const found = eInvoiceOf(attachment.filename ?? id, content);
      if (found !== undefined) return found;
    }
  } catch {
    // A damaged name tree or attachment stream: the document is read from its print alone.
  }
  return undefined;
}

async function attachmentContent(doc: PDFDocumentProxy, id: string): Promise<Uint8Array | undefined> {
  const withContent = doc as PDFDocumentProxy & { getAttachmentContent?: (id: string) => Promise<Uint8Array | null> };
  return (await withContent.getAttachmentContent?.(id)) ?? undefined;
}

/**
 * The attachment as an e-invoice, when it is UTF-8 XML whose root element is an invoice's (strict
 * UTF-8: a fatal decoder gives no lone surrogates, which jsonb would refuse).
 */
function eInvoiceOf(fileName: string, content: Uint8Array): EmbeddedInvoice | undefined {
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
  // XML has no NUL character (and jsonb, where layouts were kept, refused it): such a file is no invoice.
  if (xml.includes('\u0000')) return undefined;
  const syntax = rootSyntax(xml);
  return syntax === undefined ? undefined : { fileName: cleanFileName(fileName), syntax, xml };
}

/**
 * The file name without control characters and half surrogate pairs: the PDF's producer chose it,
 * and a NUL in it (jsonb, where layouts were kept, refused one) made storing the layout fail every
 * job on the document.
 */
function cleanFileName(name: string): string {
  return name.toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

/**
 * The syntax the first element names: its local name and the namespace its prefix (or the default
 * namespace) is bound to on that element, where every producer declares it.
 */
function rootSyntax(xml: string): EmbeddedInvoice['syntax'] | undefined {
  // Skip the XML declaration, comments and processing instructions before the root. Neither may
  // run past its own end ("?>", "-->"): with lazy [\s\S]*? one could, and a run of them before a
  // non-name ('<?a?>' x 40 + '<1') made the engine try every way of splitting it (hours).
  const start = /^(?:\s|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->)*<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)([^>]*)>/.exec(xml.replace(/^\uFEFF/, ''));
  if (start === null) return undefined;
  const [, qname = '', attributes = ''] = start;
  const [prefix, localName] = qname.includes(':') ? qname.split(':') : [undefined, qname];
  const attr = prefix === undefined ? 'xmlns' : `xmlns:${prefix}`;
  const declared = new RegExp(`(?:^|\\s)${attr.replace('.', '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attributes);
  const namespace = declared?.[1] ?? declared?.[2];
  return ROOTS.find((r) => r.localName === localName && r.namespace === namespace)?.syntax;
}
