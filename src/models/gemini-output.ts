/**
 * Reads the model's answer text into a typed result. Model output is untrusted: this checks
 * the envelope (JSON, `value`/`items`/`done`/`evidence` shapes) and nothing else; the value
 * itself is validated against the user's schema by the pipeline.
 */
import type { FieldEvidence } from '../pipeline/types.ts';
import type { EnvelopeOptions } from './gemini-schema.ts';

export type ParsedOutput =
  | { ok: true; value: unknown; evidence: FieldEvidence[]; done?: boolean }
  | { ok: false; problem: string };

export function parseOutput(text: string | undefined, options: EnvelopeOptions): ParsedOutput {
  if (text === undefined || text.trim() === '') return { ok: false, problem: 'the model returned no text' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `the model returned malformed JSON (${(e as Error).message})` };
  }

  if (options.itemsPerTurn !== undefined) {
    if (!isRecord(json) || !Array.isArray(json.items)) {
      return { ok: false, problem: 'the answer has no "items" array' };
    }
    // A missing "done" is read from the count: a short turn means the list ran out.
    const done = typeof json.done === 'boolean' ? json.done : json.items.length < options.itemsPerTurn;
    return { ok: true, value: json.items, evidence: readEvidence(json.evidence), done };
  }
  if (options.wantEvidence) {
    if (!isRecord(json) || !('value' in json)) return { ok: false, problem: 'the answer has no "value"' };
    return { ok: true, value: json.value, evidence: readEvidence(json.evidence) };
  }
  return { ok: true, value: json, evidence: [] };
}

/** Keeps the well-formed entries; a bad evidence entry is not worth failing the answer for. */
function readEvidence(raw: unknown): FieldEvidence[] {
  if (!Array.isArray(raw)) return [];
  const evidence: FieldEvidence[] = [];
  for (const entry of raw) {
    if (!isRecord(entry) || typeof entry.pointer !== 'string') continue;
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
