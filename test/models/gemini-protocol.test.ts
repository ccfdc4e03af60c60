import { Agent, getGlobalDispatcher, setGlobalDispatcher } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelCallError, createGeminiProvider } from '../../src/models/gemini.ts';
import type { ModelRequest } from '../../src/domain/types.ts';
import { startAlpnServer, type AlpnServer } from '../helpers/alpn-server.ts';

const request: ModelRequest = {
  subtree: { pointer: '', schema: { type: 'object', properties: { total: { type: 'number' } } }, fieldCount: 1 },
  section: { pages: [], text: '--- page 1 ---\nTotal 12', imagePages: [] },
  enableThinking: false,
  wantEvidence: false,
  signal: new AbortController().signal,
};

let server: AlpnServer | undefined;
const previous = getGlobalDispatcher();
afterEach(async () => {
  setGlobalDispatcher(previous);
  vi.unstubAllEnvs();
  await server?.close();
});

describe('Gemini calls on the wire', () => {
  it('go over HTTP/1.1 to a front end offering h2, and a non-JSON 503 is reported with its status text', async () => {
    vi.stubEnv('NODE_TLS_REJECT_UNAUTHORIZED', '0'); // the test certificate is self-signed
    // Whichever global dispatcher the process has: the undici package's default Agent offers h2.
    setGlobalDispatcher(new Agent());
    server = await startAlpnServer((_req, res) => {
      res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/html' }).end('<html>busy</html>');
    });
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'test-key', baseUrl: server.url, maxRetries: 0, retryWindowMs: 0, retryBaseDelayMs: 5, maxRetryDelayMs: 10 });
    const error = await provider.extract(request).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelCallError);
    expect(server.httpVersions.every((v) => v === '1.1')).toBe(true);
    expect(server.httpVersions.length).toBeGreaterThan(0);
    expect((error as ModelCallError).message).toMatch(/Service Unavailable.*<html>busy<\/html>/);
    expect((error as ModelCallError).status).toBe(503);
  });
});
