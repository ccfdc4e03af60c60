/**
 * A minimal XML reader for the e-invoice embedded in a PDF (e-invoice-terms.ts): elements,
 * attributes and text, with namespace prefixes dropped (CII producers choose their own prefixes;
 * the root element's namespace was checked when the file was picked, pdf/e-invoice-attachment.ts).
 *
 * It never reads a DTD: a document with a DOCTYPE is refused whole, so no entity of any kind
 * (internal, external, parameter) is ever defined or expanded; only the five predefined entities
 * and character references are decoded. A document that is not well nested is refused too
 * (null): a broken XML is no evidence, and the invoice is then read from its print alone.
 */

export interface XmlElement {
  /** Local name, without its namespace prefix. */
  name: string;
  /** Attributes by local name. */
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded, trimmed. */
  text: string;
}

/** Deeper nesting than any invoice has: a hostile file cannot make the reader recurse or hold more. */
const MAX_DEPTH = 64;
/** More elements than a thousand-line invoice has (about 40 per line). */
const MAX_ELEMENTS = 200_000;

const TOKEN =
  /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<\?[\s\S]*?\?>|<!|<\/([^\s>]+)\s*>|<([^\s/>!?]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|</g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The root element, or null when the text is not well-formed XML this reader accepts. */
export function parseXml(xml: string): XmlElement | null {
  const stack: { element: XmlElement; qname: string; text: string[] }[] = [];
  let root: XmlElement | null = null;
  let count = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(xml); m !== null; m = TOKEN.exec(xml)) {
    const [token, cdata, closing, opening, attributes = '', selfClosing, text] = m;
    const top = stack.at(-1);
    if (cdata !== undefined) {
      if (top === undefined) return null;
      top.text.push(cdata);
    } else if (text !== undefined) {
      if (top !== undefined) top.text.push(decodeEntities(text));
      else if (text.trim() !== '' && text !== '\uFEFF') return null;
    } else if (closing !== undefined) {
      if (top === undefined || top.qname !== closing) return null;
      stack.pop();
      top.element.text = top.text.join('').trim();
    } else if (opening !== undefined) {
      if (root !== null && stack.length === 0) return null; // a second root
      if (stack.length >= MAX_DEPTH || ++count > MAX_ELEMENTS) return null;
      const element: XmlElement = { name: localName(opening), attributes: attributesOf(attributes), children: [], text: '' };
      if (top === undefined) root = element;
      else top.element.children.push(element);
      if (selfClosing === '') stack.push({ element, qname: opening, text: [] });
    } else if (token === '<!' || token === '<') {
      // A DOCTYPE (or anything else that would declare entities), or a stray "<": refused.
      return null;
    }
  }
  return stack.length === 0 ? root : null;
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

function attributesOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(text); m !== null; m = ATTRIBUTE.exec(text)) {
    const name = m[1] as string;
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out[localName(name)] = decodeEntities(m[2] ?? m[3] ?? '');
  }
  return out;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (all, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : all;
    }
    return PREDEFINED[ref] ?? all;
  });
}

/** The first child named `name` (any of `names` in order of preference). */
export function childOf(element: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  if (element === undefined) return undefined;
  for (const name of names) {
    const found = element.children.find((c) => c.name === name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The element at a path of child names; each step may name alternatives ("A|B"), as ZUGFeRD 1 and 2 differ. */
export function pathOf(element: XmlElement | undefined, path: string): XmlElement | undefined {
  let at = element;
  for (const step of path.split('/')) at = childOf(at, ...step.split('|'));
  return at;
}

export function childrenOf(element: XmlElement | undefined, name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((c) => c.name === name);
}
