import { describe, expect, it } from 'vitest';
import { warmUpExtraction } from '../../src/pipeline/warm-up.ts';

describe('warmUpExtraction', () => {
  it('warms a worker whose model reads PDF pages without a database, a document or the network', async () => {
    await expect(warmUpExtraction({ pdfPages: true })).resolves.toBeUndefined();
  });
});
