/**
 * The harness's own floor for a benchmark that times model calls against an ideal: the same
 * number of calls at the same concurrency, sent to the same stand-in by a bare HTTP/1.1 client
 * (undici's request() over keep-alive connections) that sends the next call as soon as an answer
 * is in, with nothing else to do. What it reaches is what the machine, the loopback and the
 * stand-in allow at that moment; run beside the service's job, in the same minutes, a loaded
 * machine shifts both alike, and the service's part is the difference.
 */
import { Agent, request } from 'undici';
import { quantile } from './report.ts';

export interface FloorOptions {
  calls: number;
  concurrency: number;
  /** The stand-in's answer latency, ms. */
  latencyMs: number;
  /** The response schema each call asks for, as a job's calls do (the stand-in answers by it). */
  responseSchema: unknown;
  /** The prompt's text, about as long as a job's. */
  text: string;
}

export interface Floor {
  /** Wall time of all calls ÷ ceil(calls / concurrency) × latency. */
  ratio: number;
  /** Median of each call's round trip beyond the latency, ms. */
  lateP50Ms: number;
}

/** `url` is the stand-in's base URL. */
export async function measureFloor(url: string, options: FloorOptions): Promise<Floor> {
  const { calls, concurrency, latencyMs } = options;
  const agent = new Agent({ allowH2: false });
  const body = JSON.stringify({
    contents: [{ role: 'user', parts: [{ text: options.text }] }],
    generationConfig: { responseMimeType: 'application/json', responseJsonSchema: options.responseSchema },
  });
  const endpoint = `${url}/v1beta/models/gemini-2.5-flash:generateContent`;
  const late: number[] = [];
  const one = async (): Promise<void> => {
    const t = performance.now();
    const answer = await request(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'floor' },
      body,
      dispatcher: agent,
    });
    await answer.body.arrayBuffer();
    if (answer.statusCode !== 200) throw new Error(`the stand-in answered ${answer.statusCode} to a floor call`);
    late.push(performance.now() - t - latencyMs);
  };
  try {
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: Math.min(concurrency, calls) }, async () => {
        while (sent < calls) {
          sent++;
          await one();
        }
      }),
    );
    const wall = performance.now() - t0;
    return { ratio: wall / (Math.ceil(calls / concurrency) * latencyMs), lateP50Ms: quantile(late, 0.5) };
  } finally {
    await agent.close();
  }
}
