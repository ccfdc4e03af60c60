import { describe, expect, it } from 'vitest';
import { warmUpGeminiCall } from '../../src/models/gemini-warm-up.ts';

describe('warmUpGeminiCall', () => {
  it('makes one call through the real SDK to a loopback server of its own and reads the value it answered', async () => {
    // It throws when the answer is not read back as the value sent (an SDK or parsing change).
    await expect(warmUpGeminiCall({})).resolves.toBe(true);
  });

  it('makes no call when the process sends its HTTP through the environment proxy', async () => {
    await expect(warmUpGeminiCall({ NODE_USE_ENV_PROXY: '1', HTTP_PROXY: 'http://127.0.0.1:9' })).resolves.toBe(false);
  });
});
