/**
 * Precision before recall: a field whose labels fit equally well with different values stays null,
 * and a party's name is never a heading word alone.
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { line, page, request, text } from './make-layout.ts';

describe('LOCAL ambiguous labels', () => {
  it('two equally good labels with different values leave the field null rather than pick one', () => {
    const schema: JsonSchema = { type: 'object', properties: { invoice_date: { type: 'string', format: 'date' } } };
    const pages = [page(1, [line(100, [[50, 'Datum:'], [120, '03.02.2024']]), line(300, [[50, 'Datum:'], [120, '17.02.2024']])])];
    const res = runLocalExtraction(request(schema, pages));
    expect((res.value as Record<string, unknown>)['invoice_date'] ?? null).toBeNull();
  });

  it('the same value under two equally good labels is still read', () => {
    const schema: JsonSchema = { type: 'object', properties: { invoice_date: { type: 'string', format: 'date' } } };
    const pages = [page(1, [line(100, [[50, 'Datum:'], [120, '03.02.2024']]), line(300, [[50, 'Datum:'], [120, '03.02.2024']])])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({ invoice_date: '2024-02-03' });
  });

  it('a party heading alone is never read as the party name', () => {
    const schema: JsonSchema = { type: 'object', properties: { buyer: { type: 'object', properties: { name: { type: 'string' } } } } };
    const pages = [page(1, [text(50, 100, 'Käufer'), text(50, 115, 'Rechnungsanschrift')])];
    const res = runLocalExtraction(request(schema, pages));
    expect((res.value as { buyer?: Record<string, unknown> }).buyer?.['name'] ?? null).toBeNull();
  });
});
