/**
 * Walks an object schema: primitive fields from labels (shared out so no two take the same
 * text), party fields from their block, nested objects recursively, arrays from tables or lists.
 */
import type { FieldEvidence, JsonSchema } from '../../domain/types.ts';
import { readBlockFields } from './entity-block.ts';
import { extractList } from './extract-list.ts';
import { FIELD_FALLBACKS, findPartyBlock } from './fallbacks.ts';
import { issuerDetailsBeside, issuerFooterDetails } from './issuer-footer.ts';
import { entityHeadingLabels, entityOf, fieldLabels } from './field-labels.ts';
import type { LabelCandidate } from './field-labels.ts';
import { findTableRows } from './find-table.ts';
import { evidenceOf } from './found-value.ts';
import type { Found } from './found-value.ts';
import { foldLabel } from './normalize-label.ts';
import { assignFields, searchField } from './search-field.ts';
import type { ExtractContext, FieldSpec } from './search-field.ts';
import { itemsOf, pointerToken, propertiesOf, requiredOf, shapeOf } from './schema-shape.ts';
import type { Concept } from './synonyms.ts';

export interface ParentInfo {
  entity: Concept | undefined;
  words: readonly string[];
  /** Labels of the object's own heading, when it is a party. */
  headings: readonly LabelCandidate[];
  depth: number;
}

export const ROOT: ParentInfo = { entity: undefined, words: [], headings: [], depth: 0 };

/** What to put for a field that was not found: null where the schema or `required` calls for it. */
function missing(schema: JsonSchema, required: boolean): { set: boolean; value: unknown } {
  const shape = shapeOf(schema);
  if (shape.kind === 'array') return { set: true, value: [] };
  return shape.nullable || required ? { set: true, value: null } : { set: false, value: undefined };
}

export function extractArray(ctx: ExtractContext, name: string, schema: JsonSchema, pointer: string, evidence: FieldEvidence[], parent: ParentInfo): unknown[] {
  const items = itemsOf(schema);
  const itemShape = shapeOf(items);
  if (itemShape.kind === 'object') {
    const rows = findTableRows(ctx, itemShape.schema);
    const props = propertiesOf(itemShape.schema);
    const required = requiredOf(itemShape.schema);
    return rows.map((row, i) => {
      const item: Record<string, unknown> = {};
      for (const [prop, propSchema] of props) {
        const f = row.values.get(prop);
        if (f !== undefined) {
          item[prop] = f.value;
          evidence.push(evidenceOf(`${pointer}/${i}/${pointerToken(prop)}`, f));
        } else {
          const m = missing(propSchema, required.has(prop));
          if (m.set) item[prop] = m.value;
        }
      }
      return item;
    });
  }
  if (itemShape.kind === 'array' || itemShape.kind === 'null') return [];
  const labels = fieldLabels(name, schema, parent.entity, parent.words);
  const found = extractList(ctx, name, items, labels);
  found.forEach((f, i) => evidence.push(evidenceOf(`${pointer}/${i}`, f)));
  return found.map((f) => f.value);
}

export function extractObject(
  ctx: ExtractContext,
  schema: JsonSchema,
  pointer: string,
  evidence: FieldEvidence[],
  parent: ParentInfo,
): { value: Record<string, unknown>; foundAny: boolean } {
  const props = propertiesOf(schema);
  const required = requiredOf(schema);
  const value: Record<string, unknown> = {};
  let foundAny = false;

  const specs: FieldSpec[] = [];
  for (const [name, propSchema] of props) {
    const kind = shapeOf(propSchema).kind;
    if (kind !== 'object' && kind !== 'array') specs.push({ name, schema: propSchema, labels: fieldLabels(name, propSchema, parent.entity, parent.words) });
  }
  const found = readPrimitives(ctx, specs, parent);

  for (const [name, propSchema] of props) {
    const shape = shapeOf(propSchema);
    const childPointer = `${pointer}/${pointerToken(name)}`;
    if (shape.kind === 'object') {
      if (parent.depth >= 6) continue;
      const own = entityOf(name, shape.schema);
      const entity = own ?? parent.entity;
      const child = extractObject(ctx, shape.schema, childPointer, evidence, {
        entity,
        words: foldLabel(name),
        // A part of a party (seller.address) is read under the party's own heading.
        headings: own === undefined && parent.entity !== undefined ? parent.headings : entityHeadingLabels(name, shape.schema, own),
        depth: parent.depth + 1,
      });
      if (child.foundAny) {
        value[name] = child.value;
        foundAny = true;
      } else if (required.has(name)) value[name] = shape.nullable ? null : child.value;
      else if (shape.nullable) value[name] = null;
      continue;
    }
    if (shape.kind === 'array') {
      const items = extractArray(ctx, name, shape.schema, childPointer, evidence, parent);
      value[name] = items;
      if (items.length > 0) foundAny = true;
      continue;
    }
    const f = found.get(name);
    if (f !== undefined) {
      value[name] = f.value;
      evidence.push(evidenceOf(childPointer, f));
      foundAny = true;
    } else {
      const m = missing(propSchema, required.has(name));
      if (m.set) value[name] = m.value;
    }
  }
  return { value, foundAny };
}

function readPrimitives(ctx: ExtractContext, specs: readonly FieldSpec[], parent: ParentInfo): Map<string, Found> {
  const options = new Map<string, Found[]>();
  for (const spec of specs) options.set(spec.name, searchField(ctx, spec, spec.labels.candidates, ctx.views));
  const assigned = assignFields(options);
  const used = new Set([...assigned.values()].map((f) => f.place));

  // Party fields not found under a qualified label: read them from the party's block.
  const byEntity = new Map<Concept, FieldSpec[]>();
  for (const spec of specs) {
    const entity = spec.labels.entity;
    if (entity === undefined || assigned.has(spec.name)) continue;
    byEntity.set(entity, [...(byEntity.get(entity) ?? []), spec]);
  }
  for (const [entity, group] of byEntity) {
    const headings = entity === parent.entity && parent.headings.length > 0 ? parent.headings : entityHeadingLabels('', {}, entity);
    const block = findPartyBlock(ctx, entity, headings);
    const fromBlock = block === undefined ? new Map<string, Found>() : readBlockFields(ctx, block, group);
    // The issuer's VAT id, email or phone that its block does not print are in the page footer.
    const rest = group.filter((s) => !fromBlock.has(s.name));
    const beside = entity.key === 'vendor' && rest.length > 0 ? issuerDetailsBeside(ctx, block, rest) : new Map<string, Found>();
    const inFooter = rest.filter((s) => !beside.has(s.name));
    const fromFooter = new Map([...beside, ...(entity.key === 'vendor' && inFooter.length > 0 ? issuerFooterDetails(ctx, inFooter) : new Map<string, Found>())]);
    for (const [name, f] of [...fromBlock, ...fromFooter]) {
      if (used.has(f.place)) continue;
      assigned.set(name, f);
      used.add(f.place);
    }
  }

  for (const spec of specs) {
    if (assigned.has(spec.name)) continue;
    for (const fallback of FIELD_FALLBACKS) {
      if ((spec.labels.entity !== undefined && !fallback.forPartyFields) || (fallback.topLevelOnly && parent.depth > 0)) continue;
      const f = fallback.find(ctx, spec, parent.words);
      if (f === null || (used.has(f.place) && !fallback.sharesText)) continue;
      assigned.set(spec.name, f);
      used.add(f.place);
      break;
    }
  }
  return assigned;
}
