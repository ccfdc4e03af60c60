/**
 * The words sent to Gemini for one extraction request: a fixed system instruction and one user
 * turn holding the document section, any scanned pages as a PDF, and the task.
 */
import type { Content, Part } from '@google/genai';
import { pdfPagesOf, type ModelRequest } from '../domain/types.ts';

/** How the system instruction speaks of pages attached as PDF (a provider without PDFs words it its own way). */
export const PDF_PAGES_SENTENCE = 'Some pages (scans, tables) are attached as a PDF instead; read them from the PDF.';

const BASE_INSTRUCTION = [
  'You extract structured data from documents.',
  'The document is given as text, page by page; each page starts with a line "--- page N ---".',
  PDF_PAGES_SENTENCE,
  'Answer with JSON matching the response schema.',
  'Use only what the document states. Never invent, guess or infer values that are not in it.',
  'When a value is absent from the document, use null (an empty array for a list with no items).',
  'Copy values as written, changing only what the schema requires (for example a date with',
  'format "date" as YYYY-MM-DD, or an amount as a number without currency symbols).',
].join(' ');

const EVIDENCE_INSTRUCTION = [
  'For every non-null primitive value you return, add one entry to "evidence":',
  '"pointer" is the JSON Pointer of that value relative to the answer ("/total", "/lines/0/amount"),',
  '"quote" the shortest verbatim text of the document that supports it,',
  '"page" the page number it is on, "reasoning" one short sentence,',
  'and "confidence" from 0 (a guess) to 1 (stated verbatim).',
].join(' ');

export function systemInstructionFor(request: ModelRequest): string {
  return request.wantEvidence ? `${BASE_INSTRUCTION}\n\n${EVIDENCE_INSTRUCTION}` : BASE_INSTRUCTION;
}

export function contentsFor(request: ModelRequest): Content[] {
  const parts: Part[] = [{ text: `Document pages:\n\n${request.section.text}` }];
  if (request.imagePdf && request.imagePdf.length > 0) {
    const pdfPages = pdfPagesOf(request.section);
    parts.push({
      text: `The attached PDF holds page${pdfPages.length === 1 ? '' : 's'} ${pdfPages.join(', ')} of the document, in that order. Read ${pdfPages.length === 1 ? 'it' : 'them'} from the PDF (tables as drawn; scans from the images) and cite these page numbers.`,
    });
    parts.push({
      inlineData: { mimeType: 'application/pdf', data: base64Of(request.imagePdf) },
    });
  }
  parts.push({ text: taskText(request) });
  return [{ role: 'user', parts }];
}

/**
 * The subtrees of a job that read one section send the same cut of pages (and the worker keeps a
 * cut across jobs): encoded once per cut, not once per call, for the most recent cuts up to
 * ENCODED_TEXT_BUDGET. Bounded because a job holds all its sections' cuts until it ends: keeping
 * every cut's text with it would add a third more than the cuts themselves for a long scan.
 */
const ENCODED_TEXT_BUDGET = 8 * 1024 * 1024;
const encoded = new Map<Uint8Array, string>();
let encodedLength = 0;

function base64Of(pdf: Uint8Array): string {
  const kept = encoded.get(pdf);
  if (kept !== undefined) return kept;
  const text = Buffer.from(pdf).toString('base64');
  if (text.length > ENCODED_TEXT_BUDGET) return text;
  encoded.set(pdf, text);
  encodedLength += text.length;
  // Oldest first out (a Map iterates in insertion order).
  for (const [cut, old] of encoded) {
    if (encodedLength <= ENCODED_TEXT_BUDGET) break;
    encoded.delete(cut);
    encodedLength -= old.length;
  }
  return text;
}

function taskText(request: ModelRequest): string {
  const { subtree } = request;
  const target =
    subtree.pointer === ''
      ? 'the whole result'
      : `the part of the result at JSON Pointer "${subtree.pointer}"`;
  const lines = [`Task: extract ${target} from the document pages above, following the response schema.`];

  if (subtree.itemsPerTurn !== undefined) lines.push(turnText(request, subtree.itemsPerTurn));
  if (request.wantEvidence) {
    const answer = subtree.itemsPerTurn !== undefined ? '"items" (so "/0/..." is the first item of this answer)' : '"value"';
    lines.push(`Evidence pointers are relative to ${answer}.`);
  }
  if (request.repair) {
    // Only the failing values are asked for; the pipeline takes just those pointers from this
    // answer, so the rest must stay as it was (same shape, same item order).
    lines.push(
      'Your previous answer was:',
      JSON.stringify(request.repair.previousAnswer),
      'These values in it failed validation against the schema (JSON Pointer into that answer: problem; the value given):',
      ...request.repair.problems.map((p) => `- ${p.pointer || '(the whole answer)'}: ${p.message}; given ${p.value === undefined ? 'nothing' : JSON.stringify(p.value)}`),
      'Answer again with the same shape and the same items in the same order, repeating every other value unchanged.',
      'Correct only the values listed, as the document states them; use null where the document has no valid value. Do not invent values.',
    );
  }
  const extra = request.additionalInstructions?.trim();
  if (extra) lines.push('', 'Additional instructions from the user:', extra);
  return lines.join('\n');
}

function turnText(request: ModelRequest, itemsPerTurn: number): string {
  const list = 'This list is long, so it is extracted in turns.';
  const limits = `Return at most ${itemsPerTurn} items in "items", in document order, and set "done" to true only when no items of the list remain after the ones you return.`;
  const continuation = request.continuation;
  if (!continuation || continuation.itemsSoFar === 0) {
    return `${list} Start with the first item of the list. ${limits}`;
  }
  const last = continuation.lastItems.slice(-3);
  return [
    `${list} ${continuation.itemsSoFar} items were already extracted; the last ${last.length === 1 ? 'one was' : `${last.length} were`}:`,
    ...last.map((item) => JSON.stringify(item)),
    `Continue with the items that come AFTER these, without repeating any. ${limits}`,
  ].join('\n');
}
