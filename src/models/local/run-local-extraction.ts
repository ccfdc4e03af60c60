/**
 * LOCAL's extraction itself (local-provider.ts has the overview): the stored layout read by label
 * matching and table detection, synchronous. It runs in LOCAL's threads (local-thread.ts), and is
 * called directly by the tests and the corpus tools. A module of its own so that the process that
 * runs jobs, which only hands requests to those threads, never loads the extractor's ~60 modules
 * itself.
 */
import type { FieldEvidence, JsonSchema, ModelRequest } from '../../domain/types.ts';
import { applyInvoiceTerms } from './e-invoice-fields.ts';
import { readInvoiceTerms } from './e-invoice-terms.ts';
import { extractArray, extractObject, ROOT } from './extract-object.ts';
import type { ParentInfo } from './extract-object.ts';
import { entityHeadingLabels, entityOf, fieldLabels } from './field-labels.ts';
import { buildLineViews } from './layout-words.ts';
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
