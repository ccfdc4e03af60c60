/**
 * Finding where a field's label is printed. A label starts a segment (or follows a "Label:" value
 * pair in the same segment) and is the longest known label at that place: "Date" inside
 * "Due Date" or at the start of "Date Due" is not the invoice date.
 */
import type { LabelCandidate } from './field-labels.ts';
import { LEXICON } from './field-labels.ts';
import type { LineView, Segment, Word } from './layout-words.ts';
import { foldLabel, labelSimilarity } from './normalize-label.ts';
import { DOCUMENT_NAMES, LABEL_LEAD_INS } from './synonyms.ts';

export interface LabelHit {
  view: LineView;
  segIndex: number;
  /** Label words are `segment.words[wordStart, wordEnd)`. */
  wordStart: number;
  wordEnd: number;
  /** Candidate weight times label similarity, in [0, 1]. */
  score: number;
  /** The label ends with ':' (a strong sign it is a label and not running text). */
  colon: boolean;
  candidate: LabelCandidate;
}

const MAX_LABEL_WORDS = 6;

/** A label matched across an OCR split is a little less sure than one printed whole. */
const SPLIT_WORD_SIMILARITY = 0.95;

/** Known labels with their spaces removed, to recognise one split inside a word. */
const COMPACT_LEXICON: ReadonlySet<string> = new Set([...LEXICON].map((k) => k.replace(/ /g, '')));
/** What documents call themselves, folded: "Devis" (a quote) is not a misspelt "Devise" (currency). */
const FOLDED_DOCUMENT_NAMES: ReadonlySet<string> = new Set(DOCUMENT_NAMES.map((n) => foldLabel(n).join(' ')));

function endsWithColon(w: Word): boolean {
  return /[:：]$/.test(w.text);
}

function tokensOf(words: readonly Word[], from: number, to: number): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(...(words[i] as Word).folded);
  return out;
}

/** Longest run of words at `start` that is a known label of some field. */
function longestLexiconRun(words: readonly Word[], start: number, extraKeys: ReadonlySet<string>): number {
  let best = 0;
  for (let k = 1; k <= MAX_LABEL_WORDS && start + k <= words.length; k++) {
    const tokens = tokensOf(words, start, start + k);
    if (LEXICON.has(tokens.join(' ')) || extraKeys.has(tokens.join(' ')) || (k > 1 && COMPACT_LEXICON.has(tokens.join('')))) best = k;
    if (endsWithColon(words[start + k - 1] as Word)) break;
  }
  return best;
}

/** A rate between a lead-in word and its label ("zzgl. 19% USt."). */
const LEAD_IN_RATE = /^\d{1,2}(?:[.,]\d{1,2})?\s?%$/;

/** A rate's figure printed apart from its percent sign ("19 %"). */
const RATE_FIGURE = /^\d{1,2}(?:[.,]\d{1,2})?$/;

/**
 * Whether every word before `i` is a lead-in word or a rate, so the label at `i` starts the
 * segment: "zzgl. 19% USt.", and a rate alone before its label ("19 % USt", "7% MwSt.").
 */
function onlyLeadInsBefore(words: readonly Word[], i: number): boolean {
  let leadIn = false;
  for (let j = 0; j < i; j++) {
    const w = words[j] as Word;
    if (w.folded.length === 1 && LABEL_LEAD_INS.has(w.folded[0] as string)) leadIn = true;
    else if (LEAD_IN_RATE.test(w.text) || (w.text === '%' && j > 0) || (RATE_FIGURE.test(w.text) && words[j + 1]?.text === '%')) leadIn = true;
    else return false;
  }
  return leadIn;
}

/** Whether a label may start at word `i`: a segment start, or after "value" words that followed a colon. */
function mayStartAt(words: readonly Word[], i: number): 'start' | 'after-comma' | 'inner' | false {
  if (i === 0 || onlyLeadInsBefore(words, i)) return 'start';
  const prev = words[i - 1] as Word;
  // A bilingual label ("Hakko-bi / Issue date", "Rechnungsnr. / Invoice no.") names the field
  // in its second language after a slash, as a segment start would.
  if (prev.text === '|' || /[|;]$/.test(prev.text) || prev.text === '/') return 'start';
  if (/,$/.test(prev.text)) return 'after-comma';
  // A label must begin with a letter, or open a parenthesis ("… IBAN … (BIC DEUTDEFF)").
  const w = words[i] as Word;
  if (!/^\(?[\p{L}#№]/u.test(w.text)) return false;
  return 'inner';
}

interface MatchOptions {
  /** Labels of all fields being extracted, so the longest-label rule knows them too. */
  allKeys: ReadonlySet<string>;
  /** This field's own label keys: a longer run that is one of them is not someone else's label. */
  ownKeys: ReadonlySet<string>;
  /** Accept labels in running text without a colon (for values with a recognisable shape). */
  innerWithoutColon?: boolean;
}

export function matchLabelsInSegment(
  view: LineView,
  segIndex: number,
  candidates: readonly LabelCandidate[],
  options: MatchOptions,
): LabelHit[] {
  const segment = view.segments[segIndex] as Segment;
  const words = segment.words;
  const hits: LabelHit[] = [];
  for (let i = 0; i < words.length; i++) {
    const where = mayStartAt(words, i);
    if (where === false) continue;
    const longest = longestLexiconRun(words, i, options.allKeys);
    let tokens: string[] = [];
    for (let k = 1; k <= MAX_LABEL_WORDS && i + k <= words.length; k++) {
      tokens = [...tokens, ...(words[i + k - 1] as Word).folded];
      if (tokens.length === 0) continue;
      const last = words[i + k - 1] as Word;
      const nextWord = words[i + k];
      const colon = endsWithColon(last) || (nextWord !== undefined && /^[:：]/.test(nextWord.text));
      // Inside a segment, only a colon tells a label from running text, unless the value has a
      // shape of its own that the caller checks (IBAN DE89..., DOI 10.1000/x).
      if (where === 'inner' && !colon && options.innerWithoutColon !== true) {
        if (endsWithColon(last)) break;
        continue;
      }
      const key = tokens.join(' ');
      if (longest > k) {
        // The label here is the longer phrase: someone else's, or ours and matched at its full length.
        const longerKey = tokensOf(words, i, i + longest).join(' ');
        if (!options.ownKeys.has(longerKey) || candidates.some((c) => c.key === longerKey)) continue;
      }
      const compact = tokens.join('');
      const printedAsOtherLabel = (LEXICON.has(key) || options.allKeys.has(key)) && !options.ownKeys.has(key);
      for (const c of candidates) {
        // "Parcel Number:", "Tracking Number:": a weak label right after a bare word of its own
        // segment is qualified by that word and names another thing's number.
        if (c.source === 'weak' && qualifiedByPrevious(view, segIndex, i, where)) continue;
        // A label word split in two by an OCR engine ("Rechnungs nummer") is still the label.
        const split = c.words.length !== tokens.length && c.words.join('') === compact;
        if (c.words.length !== tokens.length && !split) continue;
        const sim = c.key === key ? 1 : split ? SPLIT_WORD_SIMILARITY : labelSimilarity(c.words, tokens);
        if (sim <= 0) continue;
        // Words printed exactly as another field's label are that field's, never a typo of ours:
        // "Rechnungsnummer" is the number's label, not a misspelt "Rechnungssumme". Nor is a
        // document's name ("Devis") a typo of a label ("Devise").
        if (sim < 1 && !split && (printedAsOtherLabel || FOLDED_DOCUMENT_NAMES.has(key))) continue;
        const score = c.weight * sim * (where === 'inner' ? (colon ? 0.95 : 0.8) : where === 'after-comma' ? 0.9 : 1);
        const end = qualifierEnd(words, i + k);
        const endColon = end === i + k ? colon : endsWithColon(words[end - 1] as Word) || /^[:：]/.test(words[end]?.text ?? '');
        hits.push({ view, segIndex, wordStart: i, wordEnd: end, score, colon: endColon, candidate: c });
      }
      if (endsWithColon(last)) break;
    }
  }
  return bestPerPlace(hits);
}

/** Past a word space a little wider than usual, a segment start is a new cell rather than the next word. */
const WORD_SPACE_EM = 0.6;

/**
 * Whether the word before a label is a bare word (no colon, comma or other ending) that reads as
 * part of it: in its segment, or ending the segment before at a word space's distance (a reader
 * may cut "Parcel | Number:" in two at the colon's word).
 */
function qualifiedByPrevious(view: LineView, segIndex: number, i: number, where: ReturnType<typeof mayStartAt>): boolean {
  const bare = (w: Word | undefined): boolean => w !== undefined && /^\p{L}+$/u.test(w.text);
  const words = (view.segments[segIndex] as Segment).words;
  if (where === 'inner') return bare(words[i - 1]);
  if (i > 0 || segIndex === 0) return false;
  const prev = (view.segments[segIndex - 1] as Segment).words.at(-1);
  const first = words[0] as Word;
  return bare(prev) && first.bbox.x0 - (prev as Word).bbox.x1 < WORD_SPACE_EM * first.fontSize;
}

/**
 * "Total (EUR)", "Amount Due (USD):", "VAT (19%)": a parenthesised qualifier after a label is part
 * of the label, so the value is what follows it.
 */
function qualifierEnd(words: readonly Word[], end: number): number {
  const first = words[end];
  // A receipt's tax line names its tax code and rate: "MwSt A 7%", "VAT B 20%".
  if (first !== undefined && /^[A-Z]$/.test(first.text) && /^\d{1,2}(?:[.,]\d+)?%$/.test(words[end + 1]?.text ?? '')) return end + 2;
  if (first === undefined || !first.text.startsWith('(')) return end;
  for (let j = end; j < Math.min(words.length, end + 4); j++) {
    if (/\)[:：]?$/.test((words[j] as Word).text)) return j + 1 < words.length || /[:：]$/.test((words[j] as Word).text) ? j + 1 : end;
  }
  return end;
}

/** One hit per label place: the best-scoring candidate. */
function bestPerPlace(hits: LabelHit[]): LabelHit[] {
  const byPlace = new Map<string, LabelHit>();
  for (const h of hits) {
    const place = `${h.segIndex}:${h.wordStart}`;
    const prev = byPlace.get(place);
    if (prev === undefined || h.score > prev.score || (h.score === prev.score && h.wordEnd > prev.wordEnd)) byPlace.set(place, h);
  }
  return [...byPlace.values()];
}

export function findLabelHits(views: readonly LineView[], candidates: readonly LabelCandidate[], options: MatchOptions): LabelHit[] {
  if (candidates.length === 0) return [];
  const hits: LabelHit[] = [];
  for (const view of views) {
    for (let s = 0; s < view.segments.length; s++) hits.push(...matchLabelsInSegment(view, s, candidates, options));
  }
  return hits;
}

/** Whether a segment reads as a label only ("Date", "Bill To:"), i.e. a heading, not a value. */
export function isLabelOnly(segment: Segment, allKeys: ReadonlySet<string>): boolean {
  const words = segment.words;
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (endsWithColon(last) && !/\d/.test(segment.text.slice(0, -1))) return true;
  const tokens = tokensOf(words, 0, words.length);
  const key = tokens.join(' ');
  return key !== '' && (LEXICON.has(key) || allKeys.has(key) || COMPACT_LEXICON.has(tokens.join('')) || isLabelRun(tokens, allKeys));
}

/** The most labels a run of column headers read as one segment is split into ("Qty Unit Price VAT % Net"). */
const MAX_LABELS_IN_RUN = 8;

/**
 * Whether the tokens are two or more known labels one after another and nothing else: column
 * headers of a table that the reader joined into one segment, never a value.
 */
function isLabelRun(tokens: readonly string[], allKeys: ReadonlySet<string>): boolean {
  // parts[i]: the fewest labels that cover tokens[0, i), or Infinity.
  const parts: number[] = [0, ...tokens.map(() => Infinity)];
  for (let end = 1; end <= tokens.length; end++) {
    for (let start = Math.max(0, end - MAX_LABEL_WORDS); start < end; start++) {
      const key = tokens.slice(start, end).join(' ');
      if ((parts[start] as number) < Infinity && (LEXICON.has(key) || allKeys.has(key))) parts[end] = Math.min(parts[end] as number, (parts[start] as number) + 1);
    }
  }
  const n = parts[tokens.length] as number;
  return n >= 2 && n <= MAX_LABELS_IN_RUN;
}
