import type { DocumentNode, GraphQLError, GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createBoundedLru } from '../../bounded-lru.ts';

/**
 * A text longer than this (UTF-16 code units) is parsed for each request and never kept. The CLI's
 * operations (src/cli/operations.ts) are under 1 K; a hand-written query with its fragments a few K.
 */
const MAX_KEPT_TEXT_CHARS = 16 * 1024;

/** Documents kept, by text: yoga's own count... */
const MAX_DOCUMENTS = 1024;

/**
 * ... and at most this many characters of their texts in all. A parsed document keeps its AST and
 * its tokens, and costs far more heap than its text: measured (graphql 16, Node 24, after GC)
 * about 55 bytes a character for the CLI's operations and up to ~330 for a text of one-character
 * tokens (`a{a{a{…`), ~240 for `a a a …`. So 256 K characters hold at most ~85 MB, and a few
 * hundred real operations. Parsing and validation run before authentication, so anyone who can
 * reach the port chooses what is kept here: without this bound 1,024 documents of the default
 * 2,000 tokens (~4 K characters each) kept about 1 GB.
 */
const MAX_DOCUMENT_CHARS = 256 * 1024;

/**
 * Parse errors are kept apart, in a smaller cache, so that a flood of cheap unparseable texts
 * cannot push the valid documents out (one cache for both let it). They are kept at all because
 * yoga kept them: a client repeating a broken operation is answered without parsing it again. An
 * error keeps the text's source (measured ~45–60 bytes a character), so 64 K characters is ~4 MB.
 */
const MAX_PARSE_ERRORS = 128;
const MAX_PARSE_ERROR_CHARS = 64 * 1024;

/**
 * Yoga's parse and validation caches (graphql-yoga's useParserAndValidationCache, which this
 * replaces with `parserAndValidationCache: false`, hook for hook), kept without a time-to-live.
 * Yoga's are lru-cache instances with an hour's TTL, and lru-cache reads the clock for a TTL
 * through a 1 ms timer of each cache's own: a request more than 1 ms after the previous one (every
 * request but those of a burst) armed two timers, the parse cache's and the validation cache's,
 * each a wake-up of the event loop of its own (issue 18: about 80 µs of CPU per armed timer on the
 * bench machine, against a Map lookup's few). A document does not go stale: the schema is fixed
 * for the life of the process, and validation results are kept per schema and document object
 * (so they leave with their document).
 *
 * Bounded by count and by the characters of the texts kept (see the bounds above); the least
 * recently used document goes first.
 */
export function useParseAndValidationCache(): Plugin {
  const documents = createBoundedLru<string, DocumentNode>({ maxEntries: MAX_DOCUMENTS, maxCharge: MAX_DOCUMENT_CHARS });
  const parseErrors = createBoundedLru<string, Error>({ maxEntries: MAX_PARSE_ERRORS, maxCharge: MAX_PARSE_ERROR_CHARS });
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
      // Refused before any lookup: a long text is never kept, so it is never found either.
      if (text.length > MAX_KEPT_TEXT_CHARS) return;
      const cached = documents.get(text);
      if (cached) {
        setParsedDocument(cached);
        return;
      }
      const error = parseErrors.get(text);
      if (error) throw error;
      return ({ result }) => {
        if (result instanceof Error) parseErrors.set(text, result, text.length);
        else if (result != null) documents.set(text, result as DocumentNode, text.length);
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
