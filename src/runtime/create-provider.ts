import type { JobRecord } from '../jobs/job-types.ts';
import { createGeminiProvider } from '../models/gemini.ts';
import type { Limiter } from '../models/limiter.ts';
import { createLocalProvider } from '../models/local/local-provider.ts';
import type { ModelProvider } from '../pipeline/types.ts';

export interface ProviderSettings {
  geminiApiKey: string | null;
  geminiBaseUrl: string | null;
  modelTimeoutSeconds: number;
  /** Shared by every job of this process: bounds model calls in flight across jobs. */
  processLimiter: Limiter;
}

/** The model a job asked for, configured for this process. */
export function providerFactory(settings: ProviderSettings): (job: JobRecord) => ModelProvider {
  return (job) => {
    const { model, modelName, nMaxRetries } = job.config;
    if (model === 'LOCAL') return createLocalProvider();
    if (!settings.geminiApiKey) {
      throw new Error(`job ${job.id} asks for ${model}, but this worker has no GEMINI_API_KEY`);
    }
    return createGeminiProvider({
      model,
      modelName,
      apiKey: settings.geminiApiKey,
      baseUrl: settings.geminiBaseUrl ?? undefined,
      timeoutMs: settings.modelTimeoutSeconds * 1000,
      maxRetries: nMaxRetries,
      limiter: settings.processLimiter,
    });
  };
}
