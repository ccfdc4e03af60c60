import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { gunzipSync } from 'node:zlib';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { API_KEY_PLACEHOLDER, GRAPHIQL_KEY_SCRIPT, graphiqlOptions, graphiqlOptionsScript } from '../../src/api/graphiql.ts';
import { graphiqlPageResponse } from '../../src/api/graphiql-page.ts';

type Options = ReturnType<typeof graphiqlOptions> & { connectionParams: { authorization: string } };

/** The options of a page opened at `url` as its scripts pick them, from the URL's key or the tab's stored one. */
const optionsFor = (url: string) => {
  const stored = new Map<string, string>();
  const address = { href: url };
  // The page's key script, then its options script: two scripts of one window.
  return runInNewContext(`${GRAPHIQL_KEY_SCRIPT}\n${graphiqlOptionsScript(url)}`, {
    URL,
    location: address,
    history: { state: null, replaceState: (_state: unknown, _title: string, to: string) => (address.href = to) },
    sessionStorage: {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
      removeItem: (k: string) => stored.delete(k),
    },
  }) as Options;
};

describe('GraphiQL options', () => {
  it('a key in ?apiKey= fills the headers and the WebSocket connection_init payload', () => {
    const options = optionsFor('http://127.0.0.1:4000/graphql?apiKey=pj_abc-DEF_123');
    expect(JSON.stringify(options)).not.toContain('PAPERJSON-KEY-SLOT');
    expect(JSON.parse(options.headers!)).toEqual({ Authorization: 'Bearer pj_abc-DEF_123' });
    expect(options.connectionParams).toEqual({ authorization: 'Bearer pj_abc-DEF_123' });
    expect(options.subscriptionsProtocol).toBe('WS');
    expect(options.defaultTabs!.map((tab) => tab.query)).toEqual([
      expect.stringContaining('mutation StartJob'),
      expect.stringContaining('subscription WatchJob'),
      expect.stringContaining('query JobResults'),
    ]);
    expect(options.defaultTabs![0]!.query).toContain('curl http://127.0.0.1:4000/graphql');
  });

  it('without a key the headers carry a placeholder and the editor says how to get one', () => {
    const options = optionsFor('http://127.0.0.1:4000/graphql');
    expect(JSON.parse(options.headers!)).toEqual({ Authorization: `Bearer ${API_KEY_PLACEHOLDER}` });
    expect(options.defaultTabs![0]!.query).toMatch(/^# No API key yet: open this page as \/graphql\?apiKey=YOUR_KEY/);
  });

  it('the page never carries the key of its address, and a key that is not one is ignored', () => {
    const address = `http://127.0.0.1:4000/graphql?apiKey=pj_secret&x=${encodeURIComponent('</script><script>alert(1)</script>')}`;
    expect(graphiqlOptionsScript(address)).not.toMatch(/pj_secret|<\/?script|alert/);
    const options = optionsFor(`http://127.0.0.1:4000/graphql?apiKey=${encodeURIComponent('"}, x: alert(1), y: {"')}`);
    expect(JSON.stringify(options)).not.toMatch(/alert/);
    expect(options.connectionParams.authorization).toBe(`Bearer ${API_KEY_PLACEHOLDER}`);
  });

  it('every start tab is valid against the served schema, and the watch tab ends with the job\'s result', () => {
    const schema = buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
    const tabs = optionsFor('http://127.0.0.1:4000/graphql?apiKey=pj_abc').defaultTabs!;
    for (const tab of tabs) expect(validate(schema, parse(tab.query!))).toEqual([]);
    const watch = parse(tabs[1]!.query!).definitions.map((d) => ('operation' in d ? `${d.operation} ${d.name?.value}` : d.kind));
    expect(watch).toEqual(['subscription WatchJob', 'query JobResult']);
    expect(tabs[1]!.query).toMatch(/query JobResult\(\$jobId: ID!\) \{\n  job\(id: \$jobId\) \{[^}]*results/);
  });

  it('the page served, plain or gzip, is the page render-graphiql makes with the key script first and the options script in place of its options', { timeout: 60_000 }, async () => {
    const url = 'http://127.0.0.1:4000/graphql';
    const script = graphiqlOptionsScript(url);
    const made = renderGraphiQL({ title: 'paperjson' });
    const at = made.indexOf('{"title":"paperjson"}');
    const expected = (made.slice(0, at) + script + made.slice(at + '{"title":"paperjson"}'.length)).replace('<head>', `<head>\n<script>${GRAPHIQL_KEY_SCRIPT}</script>`);
    const plain = await graphiqlPageResponse(new Request(url), script, globalThis);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect((await plain.text()) === expected, 'the served page differs from render-graphiql\'s').toBe(true);
    const zipped = await graphiqlPageResponse(new Request(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }), script, globalThis);
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = new Uint8Array(await zipped.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(expected.length / 3);
    expect(gunzipSync(bytes).toString() === expected, 'the gzip body differs from the page').toBe(true);
  });

  it('the page has a validator: the same page is answered 304 to its ETag, another page\'s ETag gets the page', { timeout: 60_000 }, async () => {
    const url = 'http://127.0.0.1:4000/graphql';
    const first = await graphiqlPageResponse(new Request(url, { headers: { 'accept-encoding': 'gzip' } }), graphiqlOptionsScript(url), globalThis);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    expect(first.headers.get('vary')).toBe('accept-encoding');
    const again = await graphiqlPageResponse(new Request(url, { headers: { 'if-none-match': etag } }), graphiqlOptionsScript(url), globalThis);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const otherHost = 'http://10.0.0.7:4000/graphql';
    const other = await graphiqlPageResponse(new Request(otherHost, { headers: { 'if-none-match': etag } }), graphiqlOptionsScript(otherHost), globalThis);
    expect(other.status).toBe(200);
    expect(other.headers.get('etag')).not.toBe(etag);
  });
});
