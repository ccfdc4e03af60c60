// The job's result as the review page reads it: AttributionInfo leaves, JSON Pointers, and the
// JSON/CSV downloads. Pure functions without the DOM, so they are tested in Node as well.

export function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * With perKeyAttribution every non-null primitive of the result is an AttributionInfo
 * ({extractedValue, confidence, reasoning, location, ...}). Fields added later (grounding,
 * source, ambiguous, ...) are read when present and otherwise ignored.
 */
export function isAttribution(value) {
  return (
    isPlainObject(value) &&
    'extractedValue' in value &&
    'confidence' in value &&
    'location' in value &&
    (value.extractedValue === null || typeof value.extractedValue !== 'object')
  );
}

/** The result with every AttributionInfo replaced by its value: what the schema describes. */
export function plainValue(value) {
  if (isAttribution(value)) return value.extractedValue;
  if (Array.isArray(value)) return value.map(plainValue);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

export function pointerSegment(key) {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

function parsePointer(pointer) {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Every leaf (primitive or AttributionInfo) with the JSON Pointer of its value in the result. */
export function leavesOf(result) {
  const leaves = [];
  const walk = (value, pointer) => {
    if (isAttribution(value)) leaves.push({ pointer, value: value.extractedValue, attribution: value });
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${pointer}/${i}`));
    else if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) walk(v, `${pointer}/${pointerSegment(k)}`);
    else leaves.push({ pointer, value, attribution: null });
  };
  walk(result, '');
  return leaves;
}

/**
 * A copy of `root` with `value` at `pointer` (a subtree arriving in a SubtreeResultEvent). Where
 * an object meets an object (the root's scalars arriving after an array subtree was placed in
 * it), the keys are merged, and a null never hides a subtree that arrived on its own.
 */
export function placeAt(root, pointer, value) {
  const path = parsePointer(pointer);
  if (path.length === 0) return mergeObjects(root, value);
  const copy = (node, next) => (isPlainObject(node) || Array.isArray(node) ? (Array.isArray(node) ? [...node] : { ...node }) : /^\d+$/.test(next) ? [] : {});
  const top = copy(root, path[0]);
  let node = top;
  for (let i = 0; i < path.length - 1; i++) {
    node[path[i]] = copy(node[path[i]], path[i + 1]);
    node = node[path[i]];
  }
  node[path.at(-1)] = mergeObjects(node[path.at(-1)], value);
  return top;
}

function mergeObjects(existing, incoming) {
  if (!isPlainObject(existing) || !isPlainObject(incoming) || isAttribution(incoming) || isAttribution(existing)) return incoming;
  const merged = { ...existing };
  for (const [key, value] of Object.entries(incoming)) {
    if ((value === null || value === undefined) && merged[key] !== undefined && merged[key] !== null) continue;
    merged[key] = value;
  }
  return merged;
}

/** How a value is grounded (issue 17's kinds); read from whichever field of the location holds one. */
const GROUNDING_KINDS = new Set(['verbatim', 'normalized', 'inferred', 'not_found']);
const NOT_VERIFIED_GROUNDING = new Set(['inferred', 'not_found']);

function groundingIn(...records) {
  for (const record of records) {
    if (!isPlainObject(record)) continue;
    for (const value of Object.values(record)) if (typeof value === 'string' && GROUNDING_KINDS.has(value)) return value;
  }
  return null;
}

/**
 * What the review page says about where a value came from. A box is "verified" when it was found
 * in the PDF's text layer: not a box the model drew (`source: "model"`), not a value marked as
 * inferred or not found.
 */
export function describeLocation(attribution) {
  const location = isPlainObject(attribution?.location) ? attribution.location : null;
  const grounding = groundingIn(location, attribution);
  const bbox = location && isBox(location.bbox) ? location.bbox : null;
  const page = Number.isInteger(location?.page) ? location.page : null;
  const fromModel = location?.source === 'model';
  const verified = bbox !== null && page !== null && !fromModel && !NOT_VERIFIED_GROUNDING.has(grounding) && location.verified !== false;
  const notes = [];
  if (!location) notes.push(grounding === 'inferred' ? 'not printed (inferred)' : 'not found in the document');
  else if (grounding === 'not_found') notes.push('the quoted text is not on the page');
  else if (grounding === 'inferred') notes.push('not printed (inferred)');
  else if (!bbox) notes.push(page !== null ? `page ${page}, no box` : 'no box');
  else if (fromModel) notes.push('box drawn by the model, not verified');
  if (location?.ambiguous === true) notes.push('ambiguous: several places match');
  return { page, bbox, grounding, verified, ambiguous: location?.ambiguous === true, notes };
}

function isBox(b) {
  return isPlainObject(b) && ['x0', 'y0', 'x1', 'y1'].every((k) => typeof b[k] === 'number' && Number.isFinite(b[k]));
}

// ---------------------------------------------------------------- CSV

/**
 * The plain result as CSV rows. Every item of a top-level array of objects is a row, with the
 * result's other top-level fields repeated on each row; a result without such arrays is one row.
 * Columns are dotted paths (`vendor.address.city`, `line_items.amount`); arrays inside a row
 * become indexed columns (`line_items.taxes.0.rate`) when they hold objects and one cell joined
 * with "; " when they hold primitives. With several top-level arrays of objects, a first column
 * `array` names the array each row comes from and the other arrays' columns stay empty.
 */
export function toCsvRows(plain) {
  const rowArrays = isPlainObject(plain) ? Object.entries(plain).filter(([, v]) => isObjectArray(v)) : [];
  if (Array.isArray(plain) && isObjectArray(plain)) return plain.map((item) => flatten(item, ''));
  if (!isPlainObject(plain)) return [{ value: cell(plain) }];
  const base = {};
  for (const [key, value] of Object.entries(plain)) if (!isObjectArray(value)) Object.assign(base, flatten(value, key));
  if (rowArrays.length === 0) return [base];
  const rows = [];
  for (const [key, items] of rowArrays) {
    for (const item of items) rows.push({ ...(rowArrays.length > 1 ? { array: key } : {}), ...base, ...flatten(item, key) });
  }
  return rows;
}

export function toCsv(plain) {
  const rows = toCsvRows(plain);
  const columns = [];
  for (const row of rows) for (const column of Object.keys(row)) if (!columns.includes(column)) columns.push(column);
  const line = (cells) => cells.map(csvField).join(',');
  return [line(columns), ...rows.map((row) => line(columns.map((c) => row[c] ?? '')))].join('\r\n') + '\r\n';
}

function isObjectArray(value) {
  return Array.isArray(value) && value.length > 0 && value.every((item) => isPlainObject(item) || item === null);
}

function flatten(value, prefix) {
  const out = {};
  const join = (key) => (prefix ? `${prefix}.${key}` : String(key));
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) Object.assign(out, flatten(v, join(k)));
  } else if (Array.isArray(value) && value.some((item) => isPlainObject(item) || Array.isArray(item))) {
    value.forEach((item, i) => Object.assign(out, flatten(item, join(i))));
  } else if (Array.isArray(value)) {
    out[prefix || 'value'] = value.map(cell).join('; ');
  } else {
    out[prefix || 'value'] = cell(value);
  }
  return out;
}

/**
 * A cell's text. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe (OWASP's advice for CSV injection); numbers are written as they are.
 */
function cell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return String(value);
}

function csvField(text) {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
