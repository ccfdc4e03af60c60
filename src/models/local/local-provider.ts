/**
 * LOCAL: a deterministic, offline extractor that reads the stored layout by label matching and
 * table detection. It needs no network and no key, and is the default when no Gemini key is
 * configured. It is an honest baseline, not a model: it answers null where no label matches well
 * enough rather than guessing.
 *
 * Usage: LOCAL makes no model call and spends no tokens, so it reports ZERO_USAGE (modelCalls 0);
 * costs and quotas count model calls only.
 */
import type { FieldEvidence, JsonSchema, ModelProvider, ModelRequest, ModelResponse } from '../../domain/types.ts';
import { ZERO_USAGE } from '../../domain/types.ts';
import { applyInvoiceTerms } from './e-invoice-fields.ts';
import { readInvoiceTerms } from './e-invoice-terms.ts';
import { extractArray, extractObject, ROOT } from './extract-object.ts';
import type { ParentInfo } from './extract-object.ts';
import { entityHeadingLabels, entityOf, fieldLabels } from './field-labels.ts';
import { buildLineViews } from './layout-words.ts';
import { localThreads } from './local-in-thread.ts';
import { foldLabel } from './normalize-label.ts';
import { computeHints } from './parse-number.ts';
import type { ExtractContext } from './search-field.ts';
import { itemsOf, propertiesOf, shapeOf } from './schema-shape.ts';

/** Every label any field of the schema may have, so a value stops where another field's label starts. */
function collectKeys(schema: JsonSchema, into: Set<string>, depth = 0): void {
  if (depth > 8) return;
  const shape = shapeOf(schema);
  if (shape.kind === 'array') {
    collectKeys(itemsOf(shape.schema), into, depth + 1);
    return;
  }
  for (const [name, propSchema] of propertiesOf(shape.schema)) {
    const labels = fieldLabels(name, propSchema, undefined, []);
    for (const k of labels.keys) into.add(k);
    const propShape = shapeOf(propSchema);
    if (propShape.kind === 'object') {
      for (const h of entityHeadingLabels(name, propShape.schema, entityOf(name, propShape.schema))) into.add(h.key);
    }
    collectKeys(propSchema, into, depth + 1);
  }
}

export function runLocalExtraction(request: Pick<ModelRequest, 'subtree' | 'section'>): { value: unknown; evidence: FieldEvidence[] } {
  const views = buildLineViews(request.section.pages);
  const allKeys = new Set<string>();
  collectKeys(request.subtree.schema, allKeys);
  const text = views.map((v) => v.line.text).join('\n');
  const ctx: ExtractContext = { views, hints: computeHints(text), allKeys };
  const evidence: FieldEvidence[] = [];
  const shape = shapeOf(request.subtree.schema);
  let value: unknown;
  if (shape.kind === 'array') value = extractArray(ctx, lastToken(request.subtree.pointer), shape.schema, '', evidence, ROOT);
  else if (shape.kind === 'object') value = extractObject(ctx, shape.schema, '', evidence, parentOf(request.subtree.pointer, shape.schema)).value;
  else value = null;
  // The printed reading first, then the embedded e-invoice checks and completes it (e-invoice-fields.ts).
  const terms = request.section.eInvoice === undefined ? null : readInvoiceTerms(request.section.eInvoice.xml);
  if (terms === null) return { value, evidence };
  const parent = shape.kind === 'object' ? parentOf(request.subtree.pointer, shape.schema) : ROOT;
  return applyInvoiceTerms({ value, evidence }, request.subtree.schema, { ...parent, name: lastToken(request.subtree.pointer) }, terms, views, ctx.hints);
}

/** A subtree below the root ("/seller") is read as that property, party headings included. */
function parentOf(pointer: string, schema: JsonSchema): ParentInfo {
  if (pointer === '') return ROOT;
  const name = lastToken(pointer);
  const entity = entityOf(name, schema);
  return { entity, words: foldLabel(name), headings: entityHeadingLabels(name, schema, entity), depth: 1 };
}

function lastToken(pointer: string): string {
  const parts = pointer.split('/');
  return (parts[parts.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The extraction runs in the process's pool of LOCAL threads (local-in-thread.ts) so the API in the
 * same process keeps answering; its answers are runLocalExtraction's, which stays exported for the
 * tests and bench. The pool outlives the provider (other jobs share it); dispose withdraws this
 * job's requests still waiting or running.
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
