// The result as a tree beside the pages: one row per value, with its confidence, reasoning and
// where it was found. Built from DOM text nodes only: a value such as "<script>" is shown as
// text and never parsed as HTML.

import { isAttribution, isPlainObject, pointerSegment } from './result-model.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function valueText(value) {
  if (value === null || value === undefined) return 'null';
  if (value === '') return '""'; // printed as empty in the document, unlike null (not found)
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Draws `result` into `container`. `places` maps a leaf's pointer to describeLocation()'s answer
 * (only with perKeyAttribution). Rows carry data-tree-pointer, the same pointer as their box.
 */
export function drawTree(container, result, places) {
  container.replaceChildren();
  const list = el('ul', 'tree-root');
  if (isPlainObject(result) && !isAttribution(result)) {
    for (const [key, value] of Object.entries(result)) list.append(node(key, value, `/${pointerSegment(key)}`, places));
  } else {
    list.append(node('(result)', result, '', places));
  }
  container.append(list);
}

function node(key, value, pointer, places) {
  if (!isAttribution(value) && (Array.isArray(value) || isPlainObject(value))) {
    const item = el('li', 'branch');
    const details = el('details');
    details.open = true;
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
    const summary = el('summary');
    summary.append(el('span', 'key', key), el('span', 'shape', Array.isArray(value) ? `[${value.length}]` : '{…}'));
    const children = el('ul');
    for (const [k, v] of entries) children.append(node(k, v, `${pointer}/${pointerSegment(k)}`, places));
    details.append(summary, children);
    item.append(details);
    return item;
  }
  const attribution = isAttribution(value) ? value : null;
  const shown = attribution ? attribution.extractedValue : value;
  const row = el('li', 'leaf');
  row.dataset.treePointer = pointer;
  row.tabIndex = 0;
  const line = el('div', 'line');
  const empty = shown === null || shown === undefined || shown === '';
  line.append(el('span', 'key', key), el('span', empty ? 'value null' : 'value', valueText(shown)));
  const place = places.get(pointer);
  if (attribution) {
    const confidence = typeof attribution.confidence === 'number' ? `${Math.round(attribution.confidence * 100)}%` : '?';
    line.append(el('span', 'badge confidence', confidence));
    if (place?.grounding) line.append(el('span', 'badge grounding', place.grounding));
    if (place?.page !== null && place?.page !== undefined) line.append(el('span', 'badge page', `p. ${place.page}`));
  }
  if (place && !place.verified) {
    row.classList.add('unverified');
    line.append(el('span', 'badge no-box', 'no verified box'));
  }
  row.append(line);
  if (place?.notes.length) row.append(el('div', 'notes', place.notes.join(' · ')));
  if (attribution?.reasoning) row.append(el('div', 'reasoning', String(attribution.reasoning)));
  return row;
}
