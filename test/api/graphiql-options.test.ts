import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { API_KEY_PLACEHOLDER, renderGraphiqlOptions, renderGraphiqlPage } from '../../src/api/graphiql.ts';

const optionsFor = (url: string) => renderGraphiqlOptions(new Request(url)) as ReturnType<typeof renderGraphiqlOptions> & {
  connectionParams: { authorization: string };
};

describe('GraphiQL options', () => {
  it('a key in ?apiKey= fills the headers and the WebSocket connection_init payload', () => {
    const options = optionsFor('http://127.0.0.1:4000/graphql?apiKey=pj_abc-DEF_123');
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

  it('a key that could break out of the page script is ignored, not echoed', () => {
    const options = optionsFor(`http://127.0.0.1:4000/graphql?apiKey=${encodeURIComponent('</script><script>alert(1)</script>')}`);
    expect(JSON.stringify(options)).not.toMatch(/<\/?script|alert/);
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

  it('the page kept between requests, with each request\'s options put in, is the page render-graphiql makes for them', { timeout: 30_000 }, async () => {
    for (const url of ['http://127.0.0.1:4000/graphql?apiKey=pj_abc', 'http://127.0.0.1:4000/graphql']) {
      const options = optionsFor(url);
      const served = new TextDecoder().decode(await renderGraphiqlPage(options));
      expect(served === renderGraphiQL(options), 'the served page differs from render-graphiql\'s').toBe(true);
    }
  });
});
