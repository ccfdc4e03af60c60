import { builder } from '../builder.ts';
import type { ExtractConfig } from '../../pipeline/types.ts';

export const ExtractionModelEnum = builder.enumType('ExtractionModel', {
  values: {
    GEMINI_2_5_FLASH: { description: 'Default when a Gemini API key is configured.' },
    GEMINI_2_5_PRO: {},
    GEMINI_3_FLASH_PREVIEW: {},
    GEMINI_3_PRO_PREVIEW: {},
    LOCAL: { description: 'Offline extractor that needs no API key; the default when no model is configured.' },
  } as const,
});

export const ExtractionTargetEnum = builder.enumType('ExtractionTarget', {
  values: {
    PER_DOC: { description: 'One object for the document.' },
    PER_PAGE: { description: 'An array: one object per page.' },
    PER_TABLE_ROW: { description: 'An array: one object per table row.' },
  } as const,
});

export const ExtractConfigInput = builder.inputType('ExtractConfigInput', {
  fields: (t) => ({
    model: t.field({ type: ExtractionModelEnum }),
    maxNumConcurrentRequests: t.int({ defaultValue: 5, description: '1 to 20.' }),
    validateResponseSchema: t.boolean({ defaultValue: true }),
    perKeyAttribution: t.boolean({
      defaultValue: false,
      description: 'Wrap each extracted primitive with reasoning, confidence and location (page, matched text, box).',
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
  }),
});

export const WebhookInput = builder.inputType('WebhookInput', {
  fields: (t) => ({
    url: t.string({ required: true }),
    events: t.stringList({
      description: 'Event names to deliver; all when omitted: job.processing, job.completed, job.failed, job.cancelled.',
    }),
    headers: t.field({ type: 'JSON' }),
  }),
});
