/**
 * LOCAL: a deterministic, offline extractor that reads the stored layout by label matching and
 * table detection. It needs no network and no key, and is the default when no Gemini key is
 * configured. It is an honest baseline, not a model: it answers null where no label matches well
 * enough rather than guessing.
 *
 * Usage: LOCAL makes no model call and spends no tokens, so it reports ZERO_USAGE (modelCalls 0);
 * costs and quotas count model calls only.
 */
import type { ModelProvider, ModelRequest, ModelResponse } from '../../domain/types.ts';
import { ZERO_USAGE } from '../../domain/types.ts';
import { localThreads } from './local-in-thread.ts';

/**
 * The extraction runs in the process's pool of LOCAL threads (local-in-thread.ts) so the API in the
 * same process keeps answering; its answers are runLocalExtraction's (run-local-extraction.ts,
 * which only those threads load). The pool outlives the provider (other jobs share it); dispose
 * withdraws this job's requests still waiting or running.
 */
export function createLocalProvider(): ModelProvider {
  const disposed = new AbortController();
  return {
    id: 'LOCAL',
    async extract(request: ModelRequest): Promise<ModelResponse> {
      request.signal.throwIfAborted();
      // Later turns of a turn-based array: the first turn already returned every item.
      if (request.continuation !== undefined) return { value: [], evidence: [], done: true, usage: { ...ZERO_USAGE } };
      const { value, evidence } = await localThreads().run(request, AbortSignal.any([request.signal, disposed.signal]));
      return { value, evidence, done: true, usage: { ...ZERO_USAGE } };
    },
    async dispose() {
      disposed.abort(new Error('the LOCAL provider was disposed'));
    },
  };
}
