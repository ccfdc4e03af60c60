import { describe, expect, it } from 'vitest';
import { parseExtractionPayload } from '../../src/queue/queues.ts';

const inputs = { tenantId: 't-1', schemaId: 's-1', documentId: 'd-1' };

describe('the extraction queue payload', () => {
  it('keeps the job id and the ids of its inputs', () => {
    expect(parseExtractionPayload({ jobId: 'j-1', inputs })).toEqual({ jobId: 'j-1', inputs });
  });

  it('accepts a payload queued by an older version, without the inputs', () => {
    expect(parseExtractionPayload({ jobId: 'j-1' })).toEqual({ jobId: 'j-1' });
  });

  it('drops malformed inputs rather than failing the job: the worker reads them from the job instead', () => {
    expect(parseExtractionPayload({ jobId: 'j-1', inputs: { ...inputs, schemaId: 7 } })).toEqual({ jobId: 'j-1' });
    expect(parseExtractionPayload({ jobId: 'j-1', inputs: 'nonsense' })).toEqual({ jobId: 'j-1' });
  });

  it('refuses a payload without a job id', () => {
    expect(() => parseExtractionPayload({ inputs })).toThrow('extraction payload without jobId');
    expect(() => parseExtractionPayload(null)).toThrow('extraction payload without jobId');
  });
});
