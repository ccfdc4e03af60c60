/**
 * Dates a letter states in its sentences rather than under labels: the delivery in "für unsere
 * Lieferung vom … berechnen wir", the due date in "Bitte überweisen Sie den Betrag von … € bis zum …".
 */
import { describe, expect, it } from 'vitest';
import { runLocalExtraction } from '../../../src/models/local/run-local-extraction.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
import { page, request, text } from './make-layout.ts';

const schema: JsonSchema = { type: 'object', properties: { delivery_date: { type: 'string', format: 'date' }, due_date: { type: 'string', format: 'date' } } };

describe('LOCAL on dates in a letter\'s sentences', () => {
  it('reads the date after "Lieferung vom" in a sentence as the delivery date, and the date a payment request names as the due date', () => {
    const pages = [page(1, [
      text(60, 230, 'Rechnung Nr. 2025/0731'),
      text(60, 260, 'für unsere Lieferung vom 14.07.2025 berechnen wir Ihnen:'),
      text(60, 400, 'Bitte überweisen Sie den Betrag von 612,40 € bis zum 04.08.2025 auf unser Konto.'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({ delivery_date: '2025-07-14', due_date: '2025-08-04' });
  });

  it('gives no delivery date for the start of a period ("Leistung vom … bis …")', () => {
    const pages = [page(1, [text(60, 260, 'für die Leistung vom 01.07.2025 bis 31.07.2025 berechnen wir Ihnen:')])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({});
  });

  it('gives no delivery date when two sentences name different deliveries', () => {
    const pages = [page(1, [
      text(60, 260, 'für unsere Lieferung vom 14.07.2025 und'),
      text(60, 274, 'die Lieferung vom 18.07.2025 berechnen wir Ihnen:'),
    ])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({});
  });

  it('reads the due date of a payment term in days ("innerhalb von 30 Tagen bis zum …"), not the cash-discount date after it', () => {
    const pages = [page(1, [text(60, 400, 'Zahlbar innerhalb von 30 Tagen bis zum 12.09.2025 ohne Abzug; bei Zahlung bis 22.08.2025 2 % Skonto.')])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({ due_date: '2025-09-12' });
  });

  it('gives no due date when the only date after a term in days is the cash-discount one', () => {
    const pages = [page(1, [text(60, 400, 'Bei Zahlung innerhalb von 10 Tagen bis 22.08.2025 gewähren wir 2 % Skonto.')])];
    expect(runLocalExtraction(request(schema, pages)).value).toEqual({});
  });
});
