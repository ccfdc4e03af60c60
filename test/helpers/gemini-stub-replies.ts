/**
 * The HTTP answers the Gemini stand-in (gemini-stub.ts) gives for each `StubReply`, shaped like
 * the API's GenerateContentResponse and google.rpc.Status error bodies. Built as values, apart
 * from sending, so that the stand-in can have an answer ready before it is due.
 */
import type { StubReply, StubUsage } from './gemini-stub.ts';

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a generateContent answer carries besides the reply itself. */
export interface AnswerContext {
  model: string;
  callIndex: number;
  /** The request's own prompt text (a cache's text apart). */
  ownPrompt: string;
  /** The tokens of the context cache the request used, or null. */
  cacheTokens: number | null;
}

export function jsonAnswerOf(reply: Exclude<StubReply, { kind: 'hang' }>, context: AnswerContext): JsonAnswer {
  if (reply.kind === 'error') return errorAnswer(reply);
  // A cache's tokens count as prompt tokens, and again apart as cachedContentTokenCount.
  const promptTokenCount = Math.ceil(context.ownPrompt.length / 4) + (context.cacheTokens ?? 0);
  const cachedUsage = context.cacheTokens === null ? {} : { cachedContentTokenCount: context.cacheTokens };
  const meta = { modelVersion: context.model, responseId: `stub-${context.callIndex}` };
  if (reply.kind === 'blocked') {
    return {
      status: 200,
      body: {
        promptFeedback: { blockReason: reply.blockReason, safetyRatings: SAFETY_RATINGS },
        usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount },
        ...meta,
      },
    };
  }
  if (reply.kind === 'no-candidates') {
    return { status: 200, body: { usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount }, ...meta } };
  }
  if (reply.kind === 'stopped') {
    return {
      status: 200,
      body: {
        candidates: [
          {
            index: 0,
            finishReason: reply.finishReason,
            ...(reply.finishMessage ? { finishMessage: reply.finishMessage } : {}),
            safetyRatings: SAFETY_RATINGS,
          },
        ],
        usageMetadata: { promptTokenCount, totalTokenCount: promptTokenCount },
        ...meta,
      },
    };
  }
  const text = reply.kind === 'json' ? JSON.stringify(reply.value) : reply.text;
  const usage: StubUsage = {
    promptTokenCount,
    candidatesTokenCount: Math.ceil(text.length / 4),
    thoughtsTokenCount: 0,
    ...reply.usage,
  };
  const parts: Array<Record<string, unknown>> = [];
  if (reply.thought !== undefined) parts.push({ text: reply.thought, thought: true });
  parts.push({ text });
  return {
    status: 200,
    body: {
      candidates: [{ index: 0, finishReason: reply.finishReason ?? 'STOP', content: { role: 'model', parts } }],
      usageMetadata: {
        ...usage,
        ...cachedUsage,
        totalTokenCount: usage.promptTokenCount + usage.candidatesTokenCount + usage.thoughtsTokenCount,
      },
      ...meta,
    },
  };
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** The messages the API sends with these statuses (troubleshooting guide and observed bodies). */
const DEFAULT_MESSAGES: Record<number, string> = {
  429: 'You exceeded your current quota, please check your plan and billing details.',
  500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  503: 'The model is overloaded. Please try again later.',
};

function errorAnswer(reply: Extract<StubReply, { kind: 'error' }>): JsonAnswer {
  const details: Array<Record<string, unknown>> = [];
  if (reply.status === 429) {
    details.push(
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_paid_tier_input_token_count',
            quotaId: 'GenerateContentPaidTierInputTokensPerModelPerMinute',
            quotaDimensions: { location: 'global', model: 'stub' },
            quotaValue: '1000000',
          },
        ],
      },
      { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }] },
    );
  }
  if (reply.retryDelaySeconds !== undefined) {
    details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${reply.retryDelaySeconds}s` });
  }
  const headers: Record<string, string> =
    reply.retryAfterHeader === undefined ? {} : { 'retry-after': reply.retryAfterHeader };
  return {
    status: reply.status,
    body: {
      error: {
        code: reply.status,
        message: reply.message ?? DEFAULT_MESSAGES[reply.status] ?? `stub error ${reply.status}`,
        status: STATUS_NAMES[reply.status] ?? 'UNKNOWN',
        ...(details.length > 0 ? { details } : {}),
      },
    },
    headers,
  };
}

const SAFETY_RATINGS = [
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'MEDIUM' },
];
