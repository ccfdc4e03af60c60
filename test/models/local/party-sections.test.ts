/** Parties printed in sections under a heading that names them, in several languages. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/pipeline/types.ts';
import { line, page, request, text } from './make-layout.ts';

const local = createLocalProvider();

const party = { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, city: { type: 'string' }, vat_id: { type: 'string' } } };
const schema: JsonSchema = { type: 'object', properties: { seller: party, buyer: party } };

describe('party sections', () => {
  it('reads labelled rows in the column under each heading of two side-by-side sections', async () => {
    const pages = [page(1, [
      text(50, 60, 'Verkäufer'), text(300, 60, 'Käufer'),
      line(76, [[50, 'Name:'], [110, 'Nordlicht Werkzeuge GmbH'], [300, 'Name:'], [360, 'Rabe & Söhne KG']]),
      line(90, [[50, 'Straße:'], [110, 'Hafenstraße 3'], [300, 'Straße:'], [360, 'Marktplatz 9']]),
      line(104, [[50, 'Ort:'], [110, '24103 Kiel'], [300, 'Ort:'], [360, '23552 Lübeck']]),
      line(118, [[50, 'USt-IdNr.:'], [110, 'DE811223344']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toEqual({
      seller: { name: 'Nordlicht Werkzeuge GmbH', street: 'Hafenstraße 3', city: '24103 Kiel', vat_id: 'DE811223344' },
      buyer: { name: 'Rabe & Söhne KG', street: 'Marktplatz 9', city: '23552 Lübeck' },
    });
  });

  it('does not take a party word that starts a name ("Lieferant GmbH") for a heading', async () => {
    const pages = [page(1, [
      text(50, 60, 'Fournisseur'), text(300, 60, 'Client'),
      line(76, [[50, 'Nom:'], [110, 'Lieferant GmbH'], [300, 'Nom:'], [360, 'Client Services SA']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ seller: { name: 'Lieferant GmbH' }, buyer: { name: 'Client Services SA' } });
  });

  it('reads name and address lines under a heading whose section ends at a blank gap', async () => {
    const pages = [page(1, [
      text(50, 60, 'Datos del proveedor'),
      text(50, 76, 'Ferretería Turia S.L.'),
      text(50, 90, 'Calle Mayor 12'),
      text(50, 104, '46001 Valencia'),
      text(50, 160, 'Forma de pago: transferencia'),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ vendor: { name: 'Ferretería Turia S.L.', address: 'Calle Mayor 12, 46001 Valencia' } });
  });
});
