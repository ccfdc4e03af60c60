import { createHook } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { GraphQLError, parse, type ASTVisitor, type ValidationContext } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useParseAndValidationCache } from '../../src/api/plugins/use-parse-and-validation-cache.ts';
import { useQueryLimits } from '../../src/api/plugins/use-query-limits.ts';

// The process's own collector, reached without --expose-gc on the command line (vitest's workers
// have none): the flag set now applies to contexts made after it, and a new context's `gc` is the process's.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const schema = createSchema({
  typeDefs: 'type Query { hello(name: String): String, a: String }',
  resolvers: { Query: { hello: (_: unknown, { name }: { name?: string }) => `hi ${name ?? ''}`, a: () => 'a' } },
});

/** A yoga server with the cache, counting the parses and the validations that really ran. */
function serverWithCache(extra: Plugin[] = []) {
  const counts = { parses: 0, validations: 0 };
  const counting: Plugin = {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        counts.parses++;
        return parse(source, options);
      });
    },
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((...args) => {
        counts.validations++;
        return validateFn(...args);
      });
    },
  };
  const yoga = createYoga({ schema, logging: false, parserAndValidationCache: false, plugins: [counting, ...extra, useParseAndValidationCache()] });
  return { ask: asker(yoga), counts };
}

function asker(yoga: { fetch: (url: string, init: RequestInit) => Response | Promise<Response> }) {
  return async (query: string, variables?: Record<string, unknown>) =>
    (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();
}

/** A valid query of exactly `length` characters, told apart from others of that length by `tag`. */
function queryOfLength(length: number, tag: string | number): string {
  const shell = `{ hello(name: "${tag}") }`;
  return `{ hello(name: "${tag}${'.'.repeat(length - shell.length)}") }`;
}

/** The timers created while `work` runs (unref'd ones included, which getActiveResourcesInfo leaves out). */
async function timersCreatedDuring(work: () => Promise<unknown>): Promise<number> {
  let created = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === 'Timeout') created++;
    },
  }).enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  return created;
}

describe('the parse and validation cache', () => {
  it('parses and validates a repeated query once, whatever its variables', async () => {
    const { ask, counts } = serverWithCache();
    const query = 'query($n: String) { hello(name: $n) }';
    expect(await ask(query, { n: 'a' })).toEqual({ data: { hello: 'hi a' } });
    expect(await ask(query, { n: 'b' })).toEqual({ data: { hello: 'hi b' } });
    expect(counts).toEqual({ parses: 1, validations: 1 });
  });

  it('validates a query again under other rules, and keeps each rule set\'s result apart', async () => {
    // A rule that refuses every document, added to the second and third requests only.
    const refuseAll = (context: ValidationContext): ASTVisitor => ({ Document: () => context.reportError(new GraphQLError('refused by the extra rule')) });
    let request = 0;
    const sometimesStrict: Plugin = {
      onValidate({ addValidationRule }) {
        request++;
        if (request === 2 || request === 3) addValidationRule(refuseAll);
      },
    };
    const { ask, counts } = serverWithCache([sometimesStrict]);
    expect(await ask('{ hello }')).toEqual({ data: { hello: 'hi ' } });
    expect(await ask('{ hello }')).toMatchObject({ errors: [{ message: 'refused by the extra rule' }] });
    expect(await ask('{ hello }')).toMatchObject({ errors: [{ message: 'refused by the extra rule' }] });
    expect(await ask('{ hello }')).toEqual({ data: { hello: 'hi ' } });
    expect(counts).toEqual({ parses: 1, validations: 2 });
  });

  it('answers a query that does not parse with the same error every time, parsing it once', async () => {
    const { ask, counts } = serverWithCache();
    const first = (await ask('{ hello')) as { errors: Array<{ message: string }> };
    const again = (await ask('{ hello')) as { errors: Array<{ message: string }> };
    expect(first.errors[0]!.message).toMatch(/Syntax Error/);
    expect(again).toEqual(first);
    expect(counts.parses).toBe(1);
  });

  it('keeps an invalid query invalid when it is asked again', async () => {
    const { ask, counts } = serverWithCache();
    const first = (await ask('{ goodbye }')) as { errors: Array<{ message: string }> };
    expect(first.errors[0]!.message).toMatch(/Cannot query field "goodbye"/);
    expect(await ask('{ goodbye }')).toEqual(first);
    expect(counts).toEqual({ parses: 1, validations: 1 });
  });

  it('sets no timer for a request it answers from the cache, however long after the last one', async () => {
    const { ask } = serverWithCache();
    await ask('{ hello }');
    // lru-cache, yoga's own cache, arms a 1 ms timer to read the clock once the last reading is 1 ms old.
    await sleep(5);
    expect(await timersCreatedDuring(() => ask('{ hello }'))).toBe(0);
  });

  it('parses a query again once 1,024 other queries have been asked since', async () => {
    const { ask, counts } = serverWithCache();
    await ask('{ hello }');
    for (let i = 0; i < 1024; i++) await ask(`{ hello(name: "${i}") }`);
    const before = counts.parses;
    await ask(`{ hello(name: "1023") }`);
    expect(counts.parses).toBe(before);
    await ask('{ hello }');
    expect(counts.parses).toBe(before + 1);
  });

  it('keeps a text of 16 K characters and parses a longer one again at each request', async () => {
    const { ask, counts } = serverWithCache();
    const kept = queryOfLength(16 * 1024, 'kept');
    const long = queryOfLength(16 * 1024 + 1, 'long');
    expect(await ask(kept)).toMatchObject({ data: { hello: expect.stringMatching(/^hi kept/) } });
    await ask(kept);
    expect(counts.parses).toBe(1);
    expect(await ask(long)).toMatchObject({ data: { hello: expect.stringMatching(/^hi long/) } });
    await ask(long);
    await ask(long);
    expect(counts.parses).toBe(4);
  });

  it('keeps documents of 256 K characters in all, the least recently used going first past that', async () => {
    const { ask, counts } = serverWithCache();
    await ask(queryOfLength(8 * 1024, 'first'));
    // 31 more of 8 K: 256 K in all, far from the count of 1,024.
    for (let i = 0; i < 31; i++) await ask(queryOfLength(8 * 1024, i));
    const parsed = counts.parses;
    await ask(queryOfLength(8 * 1024, 'first'));
    expect(counts.parses).toBe(parsed);
    // One more pushes out the least recently used: now the one tagged 0, no longer 'first'.
    await ask(queryOfLength(8 * 1024, 'one more'));
    await ask(queryOfLength(8 * 1024, 'first'));
    expect(counts.parses).toBe(parsed + 1);
    await ask(queryOfLength(8 * 1024, 0));
    expect(counts.parses).toBe(parsed + 2);
  });

  it('keeps a valid document through a flood of distinct texts that do not parse', async () => {
    const { ask, counts } = serverWithCache();
    await ask('{ hello }');
    for (let i = 0; i < 2000; i++) await ask(`{ hello ${i} }`);
    expect(counts.parses).toBe(2001);
    expect(await ask('{ hello }')).toEqual({ data: { hello: 'hi ' } });
    expect(counts.parses).toBe(2001);
  });

  it('keeps a valid document through texts of a mebibyte of whitespace, which it does not keep', async () => {
    const { ask, counts } = serverWithCache();
    await ask('{ hello }');
    const padded = '{ hello }' + ' '.repeat(1024 * 1024);
    for (let i = 0; i < 4; i++) expect(await ask(padded)).toEqual({ data: { hello: 'hi ' } });
    expect(counts.parses).toBe(5);
    await ask('{ hello }');
    expect(counts.parses).toBe(5);
  });

  it('keeps under 150 MB of heap for 1,024 distinct documents of the default 2,000 tokens each', async () => {
    // Bounded by 4 M characters, as they were, all of these stayed: about 1 GB (~0.97 MB each).
    // Within 256 K characters at most 64 of them stay, ~62 MB.
    const yoga = createYoga({
      schema,
      logging: false,
      parserAndValidationCache: false,
      plugins: [useQueryLimits({ maxTokens: 2000, maxDepth: 15 }), useParseAndValidationCache()],
    });
    const ask = asker(yoga);
    collect();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1024; i++) {
      // 1,996 tokens in ~4 K characters, the costliest shape per character but one: the braces,
      // an alias and its colon, and 1,992 fields. It parses (and is kept); graphql-js's validation
      // gives up on so many repeats of one field, which is beside the point.
      const answer = JSON.stringify(await ask(`{ x${i}: a ${'a '.repeat(1991)}}`));
      expect(answer).not.toMatch(/Syntax Error/);
    }
    collect();
    const retained = process.memoryUsage().heapUsed - before;
    expect(retained).toBeLessThan(150e6);
  }, 120_000);
});
