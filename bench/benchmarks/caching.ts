/**
 * A 40-subtree schema on a 30-page text document through the Gemini stand-in (issue 12's target):
 * the share of input tokens billed at the full rate, i.e. not served from the job's context
 * cache (target ≤ 35%), and the estimate's input tokens against the job's actual ones (target
 * within ±25%). Both are ratios of one run: promptTokens counts every input token sent, cached
 * or not, so it is also what the job would bill without caching.
 */
import { manySubtreesSchema, textPdf } from '../lib/documents.ts';
import { startCluster } from '../lib/cluster.ts';
import { round, type BenchRecord } from '../lib/report.ts';

const SUBTREES = 40;
const PAGES = 30;
const ESTIMATE = `query($d: ID!, $j: JSON, $c: ExtractConfigInput) { estimateExtraction(documentId: $d, jsonSchema: $j, config: $c) {
  modelCalls inputTokensMin inputTokensMax cachedTokensMax costUsdMin costUsdMax } }`;

export async function run(): Promise<BenchRecord> {
  const cluster = await startCluster({ workers: 1, modelLatencyMs: 20 });
  try {
    const { client } = cluster;
    const { id: documentId } = await client.upload(await textPdf(PAGES), 'statement.pdf');
    const jsonSchema = manySubtreesSchema(SUBTREES);
    const config = { documentInput: 'TEXT', maxNumConcurrentRequests: 10, enableThinking: false };
    const { estimateExtraction: estimate } = await client.gql(ESTIMATE, { d: documentId, j: jsonSchema, c: config });
    const jobId = await client.startJob({ documentId, jsonSchema, config });
    await client.waitForCompleted(jobId, 300_000);
    const { job } = await client.gql(`query($id: ID!) { job(id: $id) { metadata { costUsd usage { promptTokens cachedTokens modelCalls } } } }`, { id: jobId });
    const usage = job.metadata.usage;
    const billedShare = round((usage.promptTokens - usage.cachedTokens) / usage.promptTokens, 3);
    const estimateRatio = round(estimate.inputTokensMin / usage.promptTokens, 3);
    return {
      name: 'caching',
      settings: { subtrees: SUBTREES, pages: PAGES, ...config },
      figures: {
        prompt_tokens: usage.promptTokens,
        cached_tokens: usage.cachedTokens,
        billed_input_share: billedShare,
        model_calls: usage.modelCalls,
        estimate_model_calls: estimate.modelCalls,
        estimate_input_min: estimate.inputTokensMin,
        estimate_input_max: estimate.inputTokensMax,
        estimate_to_actual_input: estimateRatio,
        caches_left_after_job: cluster.stub.caches.alive.length,
        cost_usd: job.metadata.costUsd,
        estimate_cost_usd_min: estimate.costUsdMin,
        estimate_cost_usd_max: estimate.costUsdMax,
      },
      summary: { cache_billed_input_share: billedShare, estimate_input_ratio: estimateRatio },
    };
  } finally {
    await cluster.stop();
  }
}
