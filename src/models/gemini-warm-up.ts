/**
 * One Gemini call made when a worker starts, through the same provider, SDK, fetchWhole and
 * undici code as a job's calls, to a loopback server of its own that answers as the API does.
 * No request leaves the machine and no key is used.
 *
 * Why: the first model call of a process runs that whole path cold. undici compiles its HTTP
 * parser (WebAssembly) at its first connection, and the SDK's request building, our prompt and
 * schema translation and the answer's parsing run for the first time. A process's first call to
 * the benchmarks' stand-in (answering at once) took 137–249 ms, against 23–89 ms after this
 * warm-up (four processes each, alternated, on a 2-core machine at load 12–13: indicative only);
 * in the overhead benchmark's worker the first job's first request reached the wire 180 ms after
 * the job was picked up, later jobs' 20–40 ms.
 *
 * Skipped when the process sends its HTTP through the environment's proxy: the warm-up request
 * would go to the proxy (unless NO_PROXY names the loopback), which is not ours to call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { usesEnvProxy } from '../http1-dispatcher.ts';
import { createGeminiProvider } from './gemini.ts';

/** The answer the warm-up server gives every call, and what the provider must read out of it. */
const WARM_UP_VALUE = { total: 'warm-up' };
const ANSWER = JSON.stringify({
  candidates: [{ index: 0, finishReason: 'STOP', content: { role: 'model', parts: [{ text: JSON.stringify(WARM_UP_VALUE) }] } }],
  usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
  modelVersion: 'gemini-2.5-flash',
});

/** A start must not hang on its warm-up: past this, the first job pays what is left. */
const WARM_UP_TIMEOUT_MS = 10_000;

function answer(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.once('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(ANSWER);
  });
}

/**
 * True once one call went through, false when skipped (the proxy, above); throws if its answer was
 * not read as the value sent (the SDK or our reading of its answers changed), or the call failed.
 */
export async function warmUpGeminiCall(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (usesEnvProxy(env)) return false;
  const server = createServer(answer);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  try {
    const { port } = server.address() as AddressInfo;
    const provider = createGeminiProvider({ model: 'GEMINI_2_5_FLASH', apiKey: 'warm-up', baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0, retryWindowMs: 0 });
    const response = await provider.extract({
      subtree: { pointer: '/total', schema: { type: 'string' }, fieldCount: 1 },
      section: { pages: [], text: '--- page 1 ---\nTotal: warm-up', imagePages: [] },
      enableThinking: false,
      wantEvidence: false,
      signal: AbortSignal.timeout(WARM_UP_TIMEOUT_MS),
    });
    if (JSON.stringify(response.value) !== JSON.stringify(WARM_UP_VALUE)) {
      throw new Error(`the warm-up call read ${JSON.stringify(response.value)} from its answer`);
    }
    await provider.dispose?.();
    return true;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
