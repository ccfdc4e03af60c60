/**
 * Turns the deployment's model settings (GEMINI_*, OPENAI_*, MODEL_*) into the ModelProvider each
 * job gets, by the model the job asked for (GEMINI_*, OPENAI_COMPATIBLE or LOCAL). It exists so
 * that the pipeline and src/models never read config: the worker is handed one factory by
 * start-service.ts and calls it per job. The start banner's list of usable models is written
 * next to the factory, from the same settings, so that the two are changed together.
 */
import type { JobRecord } from '../jobs/job-types.ts';
import type { Limiter } from '../models/limiter.ts';
import { createLocalProvider } from '../models/local/local-provider.ts';
import type { OpenAiPrice } from '../models/openai-prices.ts';
import type { ModelProvider } from '../domain/types.ts';

export interface ProviderSettings {
  geminiApiKey: string | null;
  geminiBaseUrl: string | null;
  /** The OpenAI-compatible server; absent or null when none is configured. */
  openai?: {
    baseUrl: string | null;
    apiKey: string | null;
    defaultModel: string | null;
    vision: boolean;
    prices: Readonly<Record<string, OpenAiPrice>>;
  };
  modelTimeoutSeconds: number;
  modelRetryWindowSeconds: number;
  /**
   * Shared by every job of this process: bounds model calls in flight across jobs, and (when
   * adaptive) shrinks while the model rate-limits us.
   */
  processLimiter: Limiter;
  log?: { warn(obj: object, msg: string): void };
}

/**
 * The model a job asked for, configured for this process. A provider's module and SDK are loaded
 * only when that provider is configured (@google/genai and openai each hold 5-6 MB of a process's
 * memory from import on): a worker without OPENAI_BASE_URL never loads openai.
 */
export async function providerFactory(settings: ProviderSettings): Promise<(job: JobRecord) => ModelProvider> {
  const gemini = settings.geminiApiKey ? await import('../models/gemini.ts') : null;
  const openaiModule = settings.openai?.baseUrl ? await import('../models/openai.ts') : null;
  return (job) => {
    const { model, modelName, nMaxRetries } = job.config;
    if (model === 'LOCAL') return createLocalProvider();
    if (model === 'OPENAI_COMPATIBLE') {
      const openai = settings.openai;
      const modelName = job.config.modelName ?? openai?.defaultModel ?? null;
      if (!openai?.baseUrl || !openaiModule) throw new Error(`job ${job.id} asks for ${model}, but this worker has no OPENAI_BASE_URL`);
      if (modelName === null) throw new Error(`job ${job.id} asks for ${model} without modelName, and this worker has no OPENAI_DEFAULT_MODEL`);
      return openaiModule.createOpenAiProvider({
        baseUrl: openai.baseUrl,
        apiKey: openai.apiKey,
        modelName,
        vision: openai.vision,
        prices: openai.prices,
        timeoutMs: settings.modelTimeoutSeconds * 1000,
        maxRetries: nMaxRetries,
        retryWindowMs: settings.modelRetryWindowSeconds * 1000,
        limiter: settings.processLimiter,
      });
    }
    if (!settings.geminiApiKey || !gemini) {
      throw new Error(`job ${job.id} asks for ${model}, but this worker has no GEMINI_API_KEY`);
    }
    // Caches live as long as the job is expected to (gemini-cache.ts bounds it), so a crashed
    // worker's caches are gone soon after.
    const expectedMs = job.estimatedCompletion ? job.estimatedCompletion.getTime() - Date.now() : 0;
    return gemini.createGeminiProvider({
      model,
      modelName,
      contextCache: { ttlSeconds: (2 * expectedMs) / 1000, ...(settings.log && { log: settings.log }) },
      apiKey: settings.geminiApiKey,
      baseUrl: settings.geminiBaseUrl ?? undefined,
      timeoutMs: settings.modelTimeoutSeconds * 1000,
      maxRetries: nMaxRetries,
      retryWindowMs: settings.modelRetryWindowSeconds * 1000,
      limiter: settings.processLimiter,
    });
  };
}

/** One line for the start banner: which models jobs can use here, the default first. */
export function availableModelsLine(settings: Pick<ProviderSettings, 'geminiApiKey' | 'openai'>): string {
  const models: string[] = [];
  if (settings.geminiApiKey) models.push('GEMINI_2_5_FLASH (default), GEMINI_2_5_PRO, GEMINI_3_FLASH_PREVIEW, GEMINI_3_PRO_PREVIEW');
  if (settings.openai?.baseUrl) {
    const model = settings.openai.defaultModel ? `model ${settings.openai.defaultModel}` : 'jobs must give modelName';
    models.push(`OPENAI_COMPATIBLE${models.length === 0 ? ' (default)' : ''} at ${settings.openai.baseUrl} (${model})`);
  }
  models.push(models.length === 0 ? 'LOCAL (default, offline)' : 'LOCAL');
  return `Models: ${models.join('; ')}`;
}
