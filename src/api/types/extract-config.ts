import { builder } from '../builder.ts';
import type { ExtractConfig } from '../../domain/types.ts';
import { DOCUMENT_INPUT_CHOICES, enumValues, MODEL_CHOICES, TARGET_CHOICES, WEBHOOK_EVENTS } from '../../domain/choices.ts';

export const ExtractionModelEnum = builder.enumType('ExtractionModel', { values: enumValues(MODEL_CHOICES) });

const ExtractionTargetEnum = builder.enumType('ExtractionTarget', { values: enumValues(TARGET_CHOICES) });

const DocumentInputEnum = builder.enumType('DocumentInput', {
  description: 'How the pages reach the model.',
  values: enumValues(DOCUMENT_INPUT_CHOICES),
});

export const ExtractConfigInput = builder.inputType('ExtractConfigInput', {
  fields: (t) => ({
    model: t.field({ type: ExtractionModelEnum }),
    maxNumConcurrentRequests: t.int({ defaultValue: 5, description: '1 to 20.' }),
    validateResponseSchema: t.boolean({ defaultValue: true }),
    perKeyAttribution: t.boolean({
      defaultValue: false,
      description:
        'Wrap each extracted primitive as AttributionInfo {extractedValue, reasoning, confidence, location}. ' +
        'location: {page, matchedText, bbox {x0,y0,x1,y1} in PDF points from the top-left corner or null, ' +
        'boxes (one per line when the value runs over several lines), rotation (degrees, rotated text only), ' +
        'grounding (verbatim | normalized | inferred | not_found | unverified | empty), ' +
        'source (layout: found in the text layer; model: placed by the vision model on a scan, not verified), ' +
        'ambiguous (printed in several places and the result does not say which)}. ' +
        'inferred and not_found values have no box; not_found lowers the confidence and is listed in metadata.warnings.',
    }),
    temperature: t.float({ description: '0.0 to 2.0; null leaves the model default.' }),
    seed: t.int(),
    enableThinking: t.boolean({ defaultValue: true }),
    nMaxRetries: t.int({ defaultValue: 3 }),
    additionalInstructions: t.string(),
    enableAgenticArrayExtraction: t.boolean({ defaultValue: false }),
    extractionTarget: t.field({ type: ExtractionTargetEnum, defaultValue: 'PER_DOC' }),
    targetPages: t.string({ description: '1-based pages and ranges, e.g. "1,3,5-7".' }),
    maxPages: t.int(),
    modelName: t.string({
      description: "The provider's own model id, for GEMINI and OPENAI_COMPATIBLE (e.g. \"gemini-3.5-flash\", \"qwen2.5:7b-instruct\").",
    }),
    documentInput: t.field({ type: DocumentInputEnum, defaultValue: 'AUTO' }),
  }),
});

export const ExtractConfigRef = builder.objectRef<ExtractConfig>('ExtractConfig').implement({
  fields: (t) => ({
    model: t.expose('model', { type: ExtractionModelEnum }),
    maxNumConcurrentRequests: t.exposeInt('maxNumConcurrentRequests'),
    validateResponseSchema: t.exposeBoolean('validateResponseSchema'),
    perKeyAttribution: t.exposeBoolean('perKeyAttribution'),
    temperature: t.exposeFloat('temperature', { nullable: true }),
    seed: t.exposeInt('seed', { nullable: true }),
    enableThinking: t.exposeBoolean('enableThinking'),
    nMaxRetries: t.exposeInt('nMaxRetries'),
    additionalInstructions: t.exposeString('additionalInstructions', { nullable: true }),
    enableAgenticArrayExtraction: t.exposeBoolean('enableAgenticArrayExtraction'),
    extractionTarget: t.expose('extractionTarget', { type: ExtractionTargetEnum }),
    targetPages: t.exposeString('targetPages', { nullable: true }),
    maxPages: t.exposeInt('maxPages', { nullable: true }),
    modelName: t.exposeString('modelName', { nullable: true, description: 'The model id the job runs, for GEMINI and OPENAI_COMPATIBLE (the default filled in).' }),
    documentInput: t.field({ type: DocumentInputEnum, resolve: (config) => config.documentInput ?? 'TEXT' }),
  }),
});

export const WebhookInput = builder.inputType('WebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    events: t.stringList({
      description: `Event names to deliver; all when omitted: ${WEBHOOK_EVENTS.join(', ')}.`,
    }),
    headers: t.field({ type: 'JSON' }),
  }),
});
