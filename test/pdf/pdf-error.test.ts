import { describe, expect, it } from 'vitest';
import { describeDamage, pageError, readableReason } from '../../src/pdf/pdf-error.ts';

describe('the reason a damaged PDF is refused, as a user reads it', () => {
  it('drops the binary garbage pdf.js quotes from a damaged file', () => {
    // As the hostile PDF sweep met it: an object stream header turned to random bytes.
    const thrown = new Error('invalid object number in the ObjStm stream: W&tWgw\u0001(!\tdA 9R!\u0007\ufffdiQ');
    expect(pageError(12, thrown).message).toBe('Page 12 could not be read (invalid object number in the ObjStm stream).');
  });

  it('keeps a message that is readable as it is', () => {
    expect(readableReason(new Error('Bad (uncompressed) XRef entry: 15R'))).toBe('Bad (uncompressed) XRef entry: 15R');
  });

  it('cuts a very long message', () => {
    const reason = readableReason(new Error(`Unknown command ${'x'.repeat(1000)}`));
    expect(reason.length).toBe(160);
    expect(reason.endsWith('…')).toBe(true);
  });

  it('says something when the whole message is garbage', () => {
    expect(readableReason('\u0001\u0002')).toBe('unreadable data');
  });

  it('names the damaged part in plain words before pdf.js\'s own', () => {
    expect(describeDamage(new Error('Invalid Root reference.'))).toBe('its trailer, which says where the pages are, is damaged (details: Invalid Root reference)');
    expect(describeDamage(new Error('Bad (uncompressed) XRef entry: 15R'))).toBe('its cross-reference table is damaged (details: Bad (uncompressed) XRef entry: 15R)');
    expect(describeDamage(new Error('Pages tree contains circular reference.'))).toMatch(/^its list of pages is damaged \(details: /);
    expect(describeDamage(new Error('Something new'))).toBe('it is damaged (details: Something new)');
  });
});
