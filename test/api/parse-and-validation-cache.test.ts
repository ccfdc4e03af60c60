import { createHook } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError, parse, type ASTVisitor, type ValidationContext } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useParseAndValidationCache } from '../../src/api/plugins/use-parse-and-validation-cache.ts';

const schema = createSchema({ typeDefs: 'type Query { hello(name: String): String }', resolvers: { Query: { hello: (_: unknown, { name }: { name?: string }) => `hi ${name ?? ''}` } } });

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
  const ask = async (query: string, variables?: Record<string, unknown>) =>
    (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json();
  return { ask, counts };
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
});
