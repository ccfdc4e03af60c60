/** Payment terms written as sentences: a cash discount's date is not the due date, and a date is no amount. */
import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();
const schema: JsonSchema = {
  type: 'object',
  properties: { invoice_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' }, subtotal: { type: 'number' } },
};
const head = [line(74, [[350, 'Rechnungsdatum'], [450, '02.09.2024']])];

describe('payment terms in sentences', () => {
  it('a cash discount clause on its own line gives no due date; "Zahlbar ohne Abzug bis" on the next does', async () => {
    const pages = [page(1, [...head, text(50, 300, 'Bei Zahlung bis 09.09.2024: 3 % Skonto'), text(50, 314, 'Zahlbar ohne Abzug bis 30.09.2024')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_date: '2024-09-02', due_date: '2024-09-30' });
  });

  it('a sentence that only grants a cash discount gives no due date', async () => {
    const pages = [page(1, [...head, text(50, 300, 'Bei Zahlung bis zum 09.09.2024 ziehen Sie 3 % Skonto ab.')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_date: '2024-09-02' });
  });

  it('in "bei Zahlung bis … Skonto, netto bis …" the due date is the net one, and its date is no subtotal', async () => {
    const pages = [page(1, [...head, text(50, 300, 'Bei Zahlung bis 09.09.2024 gewähren wir 3 % Skonto, netto bis 30.09.2024.')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_date: '2024-09-02', due_date: '2024-09-30' });
  });

  it('a plain "Zahlung bis … ohne Abzug" still gives the due date', async () => {
    const pages = [page(1, [...head, text(50, 300, 'Zahlung bis 30.09.2024 ohne Abzug.')])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({ invoice_date: '2024-09-02', due_date: '2024-09-30' });
  });

  it('the date after "netto bis" is never read as a net amount', async () => {
    const subtotalOnly: JsonSchema = { type: 'object', properties: { subtotal: { type: 'number' } } };
    const pages = [page(1, [text(50, 300, 'Zahlbar innerhalb 30 Tagen, netto bis 30.09.2024.')])];
    const res = await local.extract(request(subtotalOnly, pages));
    expect(res.value).toEqual({});
  });
});
