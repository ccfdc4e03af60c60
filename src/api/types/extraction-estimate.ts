import { builder } from '../builder.ts';
import type { ExtractConfig } from '../../domain/types.ts';
import type { ExtractionEstimate } from '../../jobs/estimate-extraction.ts';
import { ExtractConfigInput, ExtractionModelEnum } from './extract-config.ts';
import { JSONScalar } from './scalars.ts';

export const ExtractionEstimateRef = builder.objectRef<ExtractionEstimate>('ExtractionEstimate').implement({
  description:
    'The plan and cost range of a job, computed from the document and the schema without calling a model. ' +
    'min: every call answered at once; max: a repair turn for every field group, long lists at their longest, and thinking tokens.',
  fields: (t) => ({
    model: t.expose('model', { type: ExtractionModelEnum, description: 'The model the job would use (the default when the config names none).' }),
    totalSubtrees: t.exposeInt('totalSubtrees', { description: 'Field groups the schema is split into (each one model call per section).' }),
    sections: t.exposeInt('sections', { description: 'Runs of pages sent to the model together.' }),
    modelCalls: t.exposeInt('modelCalls', { description: 'Model calls when every answer is valid at once.' }),
    inputTokensMin: t.exposeInt('inputTokensMin'),
    inputTokensMax: t.exposeInt('inputTokensMax'),
    cachedTokensMax: t.exposeInt('cachedTokensMax', { description: 'Input tokens that repeat a section already sent, which a context cache can serve.' }),
    outputTokensMin: t.exposeInt('outputTokensMin'),
    outputTokensMax: t.exposeInt('outputTokensMax', { description: 'Includes thinking tokens, which are billed as output.' }),
    costUsdMin: t.exposeFloat('costUsdMin', { nullable: true, description: "null when the model's prices are unknown (a model id missing from the price table)." }),
    costUsdMax: t.exposeFloat('costUsdMax', { nullable: true }),
    warnings: t.exposeStringList('warnings'),
  }),
});

builder.queryField('estimateExtraction', (t) =>
  t.field({
    type: ExtractionEstimateRef,
    description: 'What a job would do and cost, without calling a model. Same input checks as startExtractionJob.',
    args: {
      documentId: t.arg.id({ required: true }),
      schemaId: t.arg.id(),
      jsonSchema: t.arg({ type: JSONScalar }),
      config: t.arg({ type: ExtractConfigInput }),
    },
    resolve: (_root, args, ctx) =>
      ctx.deps.jobs.estimate(ctx.tenant, {
        documentId: String(args.documentId),
        schemaId: args.schemaId == null ? null : String(args.schemaId),
        jsonSchema: args.jsonSchema ?? null,
        config: (args.config as Partial<ExtractConfig> | null | undefined) ?? null,
        webhook: null,
      }),
  }),
);
