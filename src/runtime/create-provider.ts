import type { JobRecord } from '../jobs/job-types.ts';
import { createGeminiProvider } from '../models/gemini.ts';
import type { Limiter } from '../models/limiter.ts';
import { createLocalProvider } from '../models/local/local-provider.ts';
import type { ModelProvider } from '../pipeline/types.ts';

export interface ProviderSettings {
  geminiApiKey: string | null;
  geminiBaseUrl: string | null;
  modelTimeoutSeconds: number;
  modelRetryWindowSeconds: number;
  /**
   * Shared by every job of this process: bounds model calls in flight across jobs, and (when
   * adaptive) shrinks while the model rate-limits us.
   */
  processLimiter: Limiter;
}

/** The model a job asked for, configured for this process. */
export function providerFactory(settings: ProviderSettings): (job: JobRecord) => ModelProvider {
  return (job) => {
    const { model, nMaxRetries } = job.config;
    if (model === 'LOCAL') return createLocalProvider();
    if (!settings.geminiApiKey) {
      throw new Error(`job ${job.id} asks for ${model}, but this worker has no GEMINI_API_KEY`);
    }
    return createGeminiProvider({
      model,
      apiKey: settings.geminiApiKey,
      baseUrl: settings.geminiBaseUrl ?? undefined,
      timeoutMs: settings.modelTimeoutSeconds * 1000,
      maxRetries: nMaxRetries,
      retryWindowMs: settings.modelRetryWindowSeconds * 1000,
      limiter: settings.processLimiter,
    });
  };
}
