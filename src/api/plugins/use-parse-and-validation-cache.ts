import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Documents (and parse errors) kept, by text: yoga's own bound. */
const MAX_DOCUMENTS = 1024;

/** ... and at most this many UTF-16 code units of document text in all (a request's text is bounded by the body limit, not by this cache). */
const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

/**
 * Yoga's parse and validation caches (graphql-yoga's useParserAndValidationCache, which this
 * replaces with `parserAndValidationCache: false`, hook for hook), kept without a time-to-live.
 * Yoga's are lru-cache instances with an hour's TTL, and lru-cache reads the clock for a TTL
 * through a 1 ms timer of each cache's own: a request more than 1 ms after the previous one (every
 * request but those of a burst) armed two timers, the parse cache's and the validation cache's,
 * each a wake-up of the event loop of its own (issue 18: about 80 µs of CPU per armed timer on the
 * bench machine, against a Map lookup's few). A document does not go stale: the schema is fixed
 * for the life of the process, and validation results are kept per schema and document object.
 *
 * Bounded like yoga's, by count, and also by the text it keeps; the least recently used document
 * goes first. A parse error is kept like a document (the same text fails the same way).
 */
export function useParseAndValidationCache(): Plugin {
  const documents = new TextKeyedCache<DocumentNode | Error>();
  // rules' names → schema → document → result, as yoga keys it: a plugin adding a rule
  // (use-query-limits.ts) adds it for every request, so its results stay apart from a run without it.
  const validations = new Map<string, WeakMap<GraphQLSchema, WeakMap<DocumentNode, readonly GraphQLError[]>>>();
  // The rules of the last validation and their key: each request brings a fresh array of the same
  // functions (the standard rules and use-query-limits.ts's one), and joining 28 names per request
  // for the key was the cache's main cost.
  let lastRules: readonly unknown[] = [];
  let lastKey = '';
  const rulesKeyOf = (rules: ReadonlyArray<{ name: string }> | undefined): string => {
    if (!rules) return '';
    if (rules.length !== lastRules.length || rules.some((rule, i) => rule !== lastRules[i])) {
      lastKey = rules.map((rule) => rule.name).join(',');
      lastRules = [...rules];
    }
    return lastKey;
  };
  return {
    onParse({ params, setParsedDocument }) {
      const text = params.source.toString();
      const cached = documents.get(text);
      if (cached instanceof Error) throw cached;
      if (cached) {
        setParsedDocument(cached);
        return;
      }
      return ({ result }) => {
        if (result != null) documents.set(text, result instanceof Error ? result : (result as DocumentNode));
      };
    },
    onValidate({ params: { schema, documentAST, rules }, setResult }) {
      if (schema == null) return;
      const rulesKey = rulesKeyOf(rules);
      let bySchema = validations.get(rulesKey);
      if (!bySchema) validations.set(rulesKey, (bySchema = new WeakMap()));
      let byDocument = bySchema.get(schema);
      if (!byDocument) bySchema.set(schema, (byDocument = new WeakMap()));
      const cached = byDocument.get(documentAST);
      if (cached) {
        setResult(cached);
        return;
      }
      return ({ result }) => {
        if (result != null) byDocument.set(documentAST, result as readonly GraphQLError[]);
      };
    },
  };
}

/** A least-recently-used map from text, bounded by entries and by the length of the texts it keeps. */
class TextKeyedCache<T> {
  // A Map iterates in insertion order: a hit is moved to the end, so the first key is the least recently used.
  private readonly entries = new Map<string, T>();
  private chars = 0;

  get(text: string): T | undefined {
    const value = this.entries.get(text);
    if (value !== undefined) {
      this.entries.delete(text);
      this.entries.set(text, value);
    }
    return value;
  }

  set(text: string, value: T): void {
    if (text.length > MAX_DOCUMENT_CHARS) return;
    if (this.entries.delete(text)) this.chars -= text.length;
    this.entries.set(text, value);
    this.chars += text.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= MAX_DOCUMENTS && this.chars <= MAX_DOCUMENT_CHARS) break;
      this.entries.delete(oldest);
      this.chars -= oldest.length;
    }
  }
}
