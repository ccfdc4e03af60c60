/**
 * The messages and response format sent to an OpenAI-compatible server for one extraction
 * request. The words are Gemini's (gemini-prompt.ts), so both providers ask the same thing and
 * a change to the task wording (repair, turns, evidence) reaches both; only the packaging
 * differs: scanned pages go as PNG images, and a server without Structured Outputs gets the
 * schema in the prompt.
 */
import type { ChatCompletionContentPart, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseFormatJSONObject, ResponseFormatJSONSchema } from 'openai/resources/shared';
import type { JsonSchema, ModelRequest } from '../domain/types.ts';
import { contentsFor, PDF_PAGES_SENTENCE, systemInstructionFor } from './gemini-prompt.ts';
import { responseSchemaFor } from './gemini-schema.ts';
import type { EnvelopeOptions } from './gemini-schema.ts';
import { isObjectRoot, toStrictSchema } from './openai-schema.ts';

/** How the server is asked for JSON: Structured Outputs, or plain JSON mode plus the schema in words. */
export type OutputMode = 'json_schema' | 'json_object';

export interface AnswerShape {
  /** The options parseOutput reads the answer with. */
  envelope: EnvelopeOptions;
  /** Set when the answer was wrapped in `{ "value": ... }`: the options for an unwrapped answer. */
  unwrapped?: EnvelopeOptions;
  /** The schema the answer must match (strict subset). */
  schema: JsonSchema;
  strict: boolean;
}

/**
 * Strict mode needs an object at the root, so an answer that is a bare array or primitive is
 * asked for as `{ "value": ... }` and read back like an evidence envelope.
 */
export function answerShapeFor(request: ModelRequest): AnswerShape {
  const envelope: EnvelopeOptions = {
    wantEvidence: request.wantEvidence,
    ...(request.subtree.itemsPerTurn === undefined ? {} : { itemsPerTurn: request.subtree.itemsPerTurn }),
  };
  let schema = responseSchemaFor(request.subtree.schema, envelope);
  let readAs = envelope;
  if (!isObjectRoot(schema)) {
    const { $defs, ...inner } = schema;
    schema = { ...($defs === undefined ? {} : { $defs }), type: 'object', properties: { value: inner }, required: ['value'] };
    readAs = { wantEvidence: true };
  }
  const strict = toStrictSchema(schema);
  return { envelope: readAs, ...(readAs === envelope ? {} : { unwrapped: envelope }), schema: strict.schema, strict: strict.strict };
}

export function responseFormatFor(mode: OutputMode, shape: AnswerShape): ResponseFormatJSONSchema | ResponseFormatJSONObject {
  if (mode === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: 'extraction', strict: shape.strict, schema: shape.schema } };
}

export function messagesFor(
  request: ModelRequest,
  options: { mode: OutputMode; shape: AnswerShape; pageImages: string[] },
): ChatCompletionMessageParam[] {
  const system = systemInstructionFor(request).replace(PDF_PAGES_SENTENCE, 'Scanned pages (no text layer) are attached as images instead; read them from the images.');
  // contentsFor gives [document text, (scans note, PDF,) task]; the PDF is replaced by images here.
  const parts = contentsFor({ ...request, imagePdf: undefined })[0]?.parts ?? [];
  const documentText = parts[0]?.text ?? `Document pages:\n\n${request.section.text}`;
  const taskText = parts.at(-1)?.text ?? '';

  const content: ChatCompletionContentPart[] = [{ type: 'text', text: documentText }];
  if (options.pageImages.length > 0) {
    const pages = request.section.imagePages;
    content.push({
      type: 'text',
      text: `The ${pages.length === 1 ? 'image holds page' : 'images hold pages'} ${pages.join(', ')} of the document, in that order. They are scans with no text layer: read them from the images and cite these page numbers.`,
    });
    for (const url of options.pageImages) content.push({ type: 'image_url', image_url: { url, detail: 'high' } });
  }
  const schemaText =
    options.mode === 'json_object'
      ? `\n\nAnswer with one JSON object, and nothing else, that validates against this JSON Schema:\n${JSON.stringify(options.shape.schema)}`
      : '';
  content.push({ type: 'text', text: `${taskText}${schemaText}` });
  return [
    { role: 'system', content: system },
    { role: 'user', content },
  ];
}
