/**
 * Reads the model's answer text into a typed result. Model output is untrusted: this checks
 * the envelope (JSON, `value`/`items`/`done`/`evidence` shapes) and nothing else; the value
 * itself is validated against the user's schema by the pipeline.
 */
import type { GenerateContentResponse } from '@google/genai';
import type { FieldEvidence } from '../domain/types.ts';
import type { AttemptFailure } from './gemini-errors.ts';
import type { EnvelopeOptions } from './gemini-schema.ts';
import { isPlainObject } from '../json-schema/json-object.ts';

/**
 * Finish reasons that mean the model declined to answer this prompt; another attempt gets the
 * same (API reference, Candidate.FinishReason). OTHER, FINISH_REASON_UNSPECIFIED and
 * MALFORMED_FUNCTION_CALL are treated as a bad answer instead, which one more attempt may fix.
 */
const REFUSALS = new Set([
  'SAFETY', 'RECITATION', 'LANGUAGE', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII',
  'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_OTHER', 'IMAGE_RECITATION',
  'ESCALATION', 'PUP_LIMITED_DISABLED', 'MODEL_ARMOR',
]);

/**
 * Answers stopped at a token limit: MAX_TOKENS, and CONTINUATION (SDK 3.x: the per-request limit
 * with a continuation token, which we do not follow, since automaticContinuation is off so that
 * one call stays one HTTP request). Both are read up to their last complete value.
 */
const CUT_OFF = new Set(['MAX_TOKENS', 'CONTINUATION']);

/** How the API ended an answered (200) attempt, before its text is read. */
export type AnswerEnd = { ok: true; truncated: boolean } | { ok: false; failure: AttemptFailure };

export function answerEnd(response: Pick<GenerateContentResponse, 'candidates' | 'promptFeedback'>): AnswerEnd {
  const candidate = response.candidates?.[0];
  if (!candidate) {
    const blocked = response.promptFeedback?.blockReason;
    if (blocked) {
      const why = response.promptFeedback?.blockReasonMessage;
      return { ok: false, failure: { kind: 'refused', message: `the prompt was blocked (${blocked})${why ? `: ${why}` : ''}` } };
    }
    return { ok: false, failure: { kind: 'invalid_output', message: 'the model returned no candidates' } };
  }
  const reason = candidate.finishReason;
  if (reason === undefined || reason === 'STOP') return { ok: true, truncated: false };
  if (CUT_OFF.has(reason)) return { ok: true, truncated: true };
  const detail = candidate.finishMessage ? `: ${candidate.finishMessage}` : '';
  if (REFUSALS.has(reason)) {
    return { ok: false, failure: { kind: 'refused', message: `the model stopped without an answer (finishReason ${reason})${detail}` } };
  }
  return { ok: false, failure: { kind: 'invalid_output', message: `the model stopped early (finishReason ${reason})${detail}` } };
}

export type ParsedOutput =
  | { ok: true; value: unknown; evidence: FieldEvidence[]; done?: boolean; truncated?: boolean }
  | { ok: false; problem: string };

export function parseOutput(text: string | undefined, options: EnvelopeOptions, truncated = false): ParsedOutput {
  if (text === undefined || text.trim() === '') return { ok: false, problem: 'the model returned no text' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // A cut-off answer is parsed up to its last complete value.
    const salvaged = truncated ? closeTruncatedJson(text) : undefined;
    if (salvaged === undefined) {
      const why = truncated ? 'the answer was cut off at the output token limit before any complete value' : 'the model returned malformed JSON';
      return { ok: false, problem: `${why} (${(e as Error).message})` };
    }
    json = salvaged;
  }
  if (truncated) {
    const parsed = parseOutput(JSON.stringify(json), options);
    // A list cut off is not a list that ran out: another turn continues it.
    return parsed.ok ? { ...parsed, truncated: true, ...(options.itemsPerTurn === undefined ? {} : { done: false }) } : parsed;
  }

  if (options.itemsPerTurn !== undefined) {
    if (!isPlainObject(json) || !Array.isArray(json.items)) {
      return { ok: false, problem: 'the answer has no "items" array' };
    }
    // A missing "done" is read from the count: a short turn means the list ran out.
    const done = typeof json.done === 'boolean' ? json.done : json.items.length < options.itemsPerTurn;
    return { ok: true, value: json.items, evidence: readEvidence(json.evidence), done };
  }
  if (options.wantEvidence) {
    if (!isPlainObject(json) || !('value' in json)) return { ok: false, problem: 'the answer has no "value"' };
    return { ok: true, value: json.value, evidence: readEvidence(json.evidence) };
  }
  return { ok: true, value: json, evidence: [] };
}

/** Keeps the well-formed entries; a bad evidence entry is not worth failing the answer for. */
function readEvidence(raw: unknown): FieldEvidence[] {
  if (!Array.isArray(raw)) return [];
  const evidence: FieldEvidence[] = [];
  for (const entry of raw) {
    if (!isPlainObject(entry) || typeof entry.pointer !== 'string') continue;
    const item: FieldEvidence = { pointer: entry.pointer };
    if (typeof entry.quote === 'string') item.quote = entry.quote;
    if (typeof entry.reasoning === 'string') item.reasoning = entry.reasoning;
    if (typeof entry.page === 'number' && Number.isInteger(entry.page) && entry.page > 0) item.page = entry.page;
    const box = entry.box_2d;
    if (Array.isArray(box) && box.length === 4 && box.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      item.box2d = box as [number, number, number, number];
    }
    if (typeof entry.confidence === 'number' && Number.isFinite(entry.confidence)) {
      item.confidence = Math.min(1, Math.max(0, entry.confidence));
    }
    evidence.push(item);
  }
  return evidence;
}

/** Closing brackets tried from the last complete value backwards; a few are enough. */
const MAX_SALVAGE_ATTEMPTS = 8;

/**
 * The JSON value a cut-off text starts with, up to its last complete member: the text is cut
 * just before a "," (outside strings) or just after a closing bracket, and the open brackets are
 * closed. Undefined when no such prefix parses.
 */
function closeTruncatedJson(text: string): unknown {
  const cuts: Array<{ end: number; closers: string }> = [];
  const stack: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      stack.pop();
      if (stack.length > 0) cuts.push({ end: i + 1, closers: [...stack].reverse().join('') });
    } else if (c === ',' && stack.length > 0) {
      cuts.push({ end: i, closers: [...stack].reverse().join('') });
    }
  }
  for (const cut of cuts.reverse().slice(0, MAX_SALVAGE_ATTEMPTS)) {
    try {
      return JSON.parse(text.slice(0, cut.end) + cut.closers);
    } catch {
      // An object cut between a key and its value, or similar: try an earlier cut.
    }
  }
  return undefined;
}
