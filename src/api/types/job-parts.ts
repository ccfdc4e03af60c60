import { JOB_STATUSES } from '../../domain/choices.ts';
import { builder } from '../builder.ts';
import { ExtractionEstimateRef } from './extraction-estimate.ts';
import type { JobMetadata, JobProgress } from '../../jobs/job-types.ts';
import type { TokenUsage } from '../../domain/types.ts';

export const JobStatusEnum = builder.enumType('JobStatus', {
  values: JOB_STATUSES,
});

export const JobProgressRef = builder.objectRef<JobProgress>('JobProgress').implement({
  fields: (t) => ({
    completionPercentage: t.exposeFloat('completionPercentage'),
    currentStep: t.exposeString('currentStep'),
    fieldsProcessed: t.exposeInt('fieldsProcessed'),
    totalFields: t.exposeInt('totalFields'),
    subtreesCompleted: t.exposeInt('subtreesCompleted'),
    totalSubtrees: t.exposeInt('totalSubtrees'),
  }),
});

export const UsageRef = builder.objectRef<TokenUsage>('Usage').implement({
  fields: (t) => ({
    promptTokens: t.exposeInt('promptTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    thinkingTokens: t.exposeInt('thinkingTokens'),
    cachedTokens: t.int({
      description: 'Prompt tokens served from a context cache (billed at the cached rate).',
      // Providers that do not report a cache leave it out of their usage.
      resolve: (usage) => usage.cachedTokens ?? 0,
    }),
    totalTokens: t.exposeInt('totalTokens'),
    modelCalls: t.exposeInt('modelCalls'),
  }),
});

export const JobMetadataRef = builder.objectRef<JobMetadata>('JobMetadata').implement({
  fields: (t) => ({
    usage: t.expose('usage', { type: UsageRef }),
    costUsd: t.exposeFloat('costUsd', {
      nullable: true,
      description: "Estimated model cost in US dollars, from the model's published token prices; null when they are unknown.",
    }),
    durationMs: t.exposeInt('durationMs', { nullable: true }),
    numPagesExtracted: t.exposeInt('numPagesExtracted'),
    hasAttributions: t.exposeBoolean('hasAttributions'),
    warnings: t.exposeStringList('warnings'),
    model: t.exposeString('model', { description: 'The model that produced the results (LOCAL is not an AI model).' }),
    failedPaths: t.stringList({
      description: 'Paths of the subtrees that failed for good (after every retry): their values are missing from results. Empty when the result is whole.',
      resolve: (metadata) => metadata.failedPaths ?? [],
    }),
    estimate: t.field({
      type: ExtractionEstimateRef,
      nullable: true,
      description: 'What estimateExtraction said of this job when it started, to compare with usage and costUsd; null before the job ran, and when it could not be made (metadata.warnings then says so).',
      resolve: (metadata) => metadata.estimate ?? null,
    }),
  }),
});
