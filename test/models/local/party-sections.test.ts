/** Parties printed in sections under a heading that names them, in several languages. */
import { describe, expect, it } from 'vitest';
import { createLocalProvider } from '../../../src/models/local/local-provider.ts';
import type { JsonSchema } from '../../../src/domain/types.ts';
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
      seller: { name: 'Nordlicht Werkzeuge GmbH', street: 'Hafenstraße 3', city: 'Kiel', vat_id: 'DE811223344' },
      buyer: { name: 'Rabe & Söhne KG', street: 'Marktplatz 9', city: 'Lübeck' },
    });
  });

  it('does not take a party word that starts a name ("Lieferant Express GmbH") for a heading', async () => {
    const pages = [page(1, [
      text(50, 60, 'Fournisseur'), text(300, 60, 'Client'),
      line(76, [[50, 'Nom:'], [110, 'Lieferant Express GmbH'], [300, 'Nom:'], [360, 'Client Services SA']]),
    ])];
    const res = await local.extract(request(schema, pages));
    expect(res.value).toMatchObject({ seller: { name: 'Lieferant Express GmbH' }, buyer: { name: 'Client Services SA' } });
  });

  it('a label:value pair printed as one run under a section heading gives the heading\'s party the whole value ("Name: Nordstern Handel GmbH")', async () => {
    const pages = [page(1, [
      text(50, 60, 'Verkäufer'), text(50, 76, 'Name: Nordstern Handel GmbH'), text(50, 90, 'Anschrift: Am Markt 1, 10115 Berlin'),
      text(50, 130, 'Käufer'), text(50, 146, 'Name: Kunde AG'),
    ])];
    const sellerBuyer: JsonSchema = { type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } }, buyer: { type: 'object', properties: { name: { type: 'string' } } } } };
    const res = await local.extract(request(sellerBuyer, pages));
    expect(res.value).toEqual({ seller: { name: 'Nordstern Handel GmbH', address: 'Am Markt 1, 10115 Berlin' }, buyer: { name: 'Kunde AG' } });
  });

  it('"Name" rows under one party\'s heading are that party\'s only, never the other party\'s', async () => {
    const pages = [page(1, [
      text(50, 60, 'Verkäufer'),
      line(76, [[50, 'Name:'], [110, 'Nordstern'], [170, 'GmbH']]),
      line(90, [[50, 'Straße:'], [110, 'Hafenweg 7']]),
      line(104, [[50, 'Ort:'], [110, '28195 Bremen']]),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } }, buyer: { type: 'object', properties: { name: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ seller: { name: 'Nordstern GmbH', address: 'Hafenweg 7, 28195 Bremen' } });
  });

  it('a label in a cell of its own without a colon is not part of the address value ("Straße | Hafenweg 7")', async () => {
    const pages = [page(1, [text(50, 60, 'Verkäufer'), line(76, [[50, 'Name'], [150, 'Nordstern Handel GmbH']]), line(90, [[50, 'Straße'], [150, 'Hafenweg 7']])])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ seller: { name: 'Nordstern Handel GmbH', address: 'Hafenweg 7' } });
  });

  it('a sender line over the addressee ("name · street · town") gives the issuer its name and address, and the addressee block is the customer', async () => {
    const pages = [page(1, [
      text(50, 130, 'Nordstern Handel GmbH · Hafenweg 7 · 28195 Bremen', 7),
      text(50, 150, 'Kunden AG Mitte'), text(50, 164, 'Hans Muster'), text(50, 178, 'Kundenstraße 15'), text(50, 192, '69876 Frankfurt'),
      line(150, [[350, 'Rechnungsnummer'], [460, '471102']]),
    ])];
    const nameAddress = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { seller: nameAddress, buyer: nameAddress } }, pages));
    expect(res.value).toEqual({
      seller: { name: 'Nordstern Handel GmbH', address: 'Hafenweg 7, 28195 Bremen' },
      buyer: { name: 'Kunden AG Mitte', address: 'Hans Muster, Kundenstraße 15, 69876 Frankfurt' },
    });
  });

  it('a letterhead name alone at the top, printed again in a sender line over the address window: the sender line is the issuer, the block under it the addressee', async () => {
    const pages = [page(1, [
      text(360, 40, 'Weidenhof Gartenbau KG', 14),
      text(50, 112, 'Weidenhof Gartenbau KG · Auenweg 9 · 31134 Hildesheim', 7),
      text(50, 129, 'Verein Grünfläche e.V.'), line(123, [[360, 'Rechnungs-Nr.'], [450, '3307']]),
      text(50, 142, 'Kassenwart'), line(135, [[360, 'Datum'], [450, '04.02.2022']]),
      text(50, 155, 'Lindenplatz 6'),
      text(50, 168, '31137 Hildesheim'),
    ])];
    const nameAddress = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { seller: nameAddress, buyer: nameAddress } }, pages));
    expect(res.value).toEqual({
      seller: { name: 'Weidenhof Gartenbau KG', address: 'Auenweg 9, 31134 Hildesheim' },
      buyer: { name: 'Verein Grünfläche e.V.', address: 'Kassenwart, Lindenplatz 6, 31137 Hildesheim' },
    });
  });

  it('an addressee block printed right under a sender line, with no gap, is still the customer\'s block', async () => {
    const pages = [page(1, [
      text(200, 150, 'Jan Verhoef'),
      text(400, 164, 'Jan Verhoef'), text(400, 171, 'Kanaalweg 12'), text(400, 178, '3526 KL Utrecht'),
      text(200, 236, 'Jan Verhoef • Kanaalweg 12 • 3526 KL Utrecht', 6),
      text(200, 243, 'Stichting Duinrand', 7), text(200, 251, 'Zeestraat 40', 7), text(200, 259, '2042 AB Zandvoort', 7),
      line(300, [[200, 'Omschrijving'], [440, 'Bedrag']]), line(312, [[200, 'advies'], [455, '80,00']]),
    ])];
    const nameAddress = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { vendor: nameAddress, customer: nameAddress } }, pages));
    expect(res.value).toMatchObject({ customer: { name: 'Stichting Duinrand', address: 'Zeestraat 40, 2042 AB Zandvoort' } });
  });

  it('a block printing a national tax number above the VAT id gives a VAT id field the VAT id', async () => {
    const pages = [page(1, [
      text(50, 40, 'Kranbau Oertel GmbH', 14), text(50, 58, 'Hallenstraße 4'), text(50, 70, '09113 Chemnitz'),
      text(50, 84, 'Steuernummer: 215/108/04417'), text(50, 96, 'USt-IdNr.: DE301442871'),
      line(140, [[350, 'Rechnungsnummer'], [450, '7730']]),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, vat_id: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ seller: { name: 'Kranbau Oertel GmbH', vat_id: 'DE301442871' } });
  });

  it('a VAT number in a party\'s block is read by its shape when its label names only the tax ("TVA :")', async () => {
    const pages = [page(1, [text(50, 40, 'Atelier Dupont SARL', 14), text(50, 58, '12 rue des Lilas'), text(50, 72, '75011 Paris'), text(50, 86, 'TVA : FR12345678901'), text(50, 100, 'IBAN FR76 3000 6000 0112 3456 7890 189')])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, vat_id: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ seller: { name: 'Atelier Dupont SARL', vat_id: 'FR12345678901' } });
  });

  it('labelled reference numbers and a label with an amount after it are not the unlabelled issuer at the top', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Kundennummer'], [200, '10023']]),
      line(80, [[50, 'Auftragsnummer'], [200, '55-1']]),
      text(50, 100, 'Rechnungsnummer 318,00 EUR'),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } }, pages));
    expect((res.value as { seller?: { name?: unknown } }).seller?.name ?? null).toBeNull();
  });

  it('never gives a legal form alone ("GmbH") as a party name', async () => {
    const pages = [page(1, [text(50, 60, 'Nordstern Handel GmbH'), text(50, 74, 'Am Markt 1'), text(50, 88, '10115 Berlin')])];
    const res = await local.extract(request({ type: 'object', properties: { seller: { type: 'object', properties: { name: { type: 'string' } } } } }, pages));
    expect((res.value as { seller?: { name?: string | null } }).seller?.name ?? null).not.toBe('GmbH');
  });

  it('reads name and address lines under a heading whose section ends at a blank gap', async () => {
    const pages = [page(1, [
      text(50, 60, 'Datos del proveedor'),
      text(50, 76, 'Ferretería Ebro S.L.'),
      text(50, 90, 'Calle Alfonso I 8'),
      text(50, 104, '50003 Zaragoza'),
      text(50, 160, 'Forma de pago: transferencia'),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ vendor: { name: 'Ferretería Ebro S.L.', address: 'Calle Alfonso I 8, 50003 Zaragoza' } });
  });
});

describe('address parts', () => {
  it('splits unlabelled address lines into street, postcode, city and country by their shapes', async () => {
    const address = { type: 'object', properties: { street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' }, country: { type: 'string' } } };
    const partySchema: JsonSchema = { type: 'object', properties: {
      seller: { type: 'object', properties: { name: { type: 'string' }, address } },
      buyer: { type: 'object', properties: { name: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } },
    } };
    const pages = [page(1, [
      text(50, 60, 'Seller'), text(300, 60, 'Bill to'),
      line(76, [[50, 'Lakeview Data LLC'], [300, 'Rive Gauche SARL']]),
      line(90, [[50, '410 Pine Street'], [300, '12 rue Bonaparte']]),
      line(104, [[50, 'Portland, OR 97205'], [300, 'F-75006 Paris']]),
      text(50, 118, 'United States'),
    ])];
    const res = await local.extract(request(partySchema, pages));
    expect(res.value).toEqual({
      seller: { name: 'Lakeview Data LLC', address: { street: '410 Pine Street', postal_code: '97205', city: 'Portland', country: 'United States' } },
      buyer: { name: 'Rive Gauche SARL', postal_code: '75006', city: 'Paris' },
    });
  });

  it('reads postcode and city apart from one labelled "Ort:" value', async () => {
    const pages = [page(1, [text(50, 60, 'Lieferant'), line(76, [[50, 'Firma:'], [110, 'Elbtal Druck GmbH']]), line(90, [[50, 'Ort:'], [110, '01067 Dresden']])])];
    const res = await local.extract(request({ type: 'object', properties: { vendor: { type: 'object', properties: { name: { type: 'string' }, zip: { type: 'string' }, city: { type: 'string' } } } } }, pages));
    expect(res.value).toEqual({ vendor: { name: 'Elbtal Druck GmbH', zip: '01067', city: 'Dresden' } });
  });
});

describe('French section headings that are also words of inline labels', () => {
  const invoice: JsonSchema = {
    type: 'object',
    properties: { date: { type: 'string', format: 'date' }, customer: party, ship_to: party },
  };
  const valueOf = (v: unknown, key: string): unknown => (v as Record<string, unknown>)[key] ?? null;

  it('reads "Date de facturation :" as the date and gives the customer no name from it', async () => {
    const res = await local.extract(request(invoice, [page(1, [text(50, 100, 'Date de facturation : 23/09/2021')])]));
    expect(valueOf(res.value, 'date')).toBe('2021-09-23');
    expect((valueOf(res.value, 'customer') as { name?: unknown } | null)?.name ?? null).toBeNull();
  });

  it('takes no party from "facturation" or "livraison" inside a sentence', async () => {
    const res = await local.extract(request(invoice, [page(1, [
      text(50, 100, 'Frais de livraison offerts'),
      text(50, 115, 'Mode de facturation mensuelle'),
    ])]));
    expect(valueOf(res.value, 'customer')).toBeNull();
    expect(valueOf(res.value, 'ship_to')).toBeNull();
  });

  it('reads the blocks under "Facturation" and "Livraison" printed as headings on lines of their own', async () => {
    const res = await local.extract(request(invoice, [page(1, [
      text(50, 60, 'Facturation'), text(300, 60, 'Livraison'),
      line(76, [[50, 'Atelier Vernet SARL'], [300, 'Entrepôt Lacombe']]),
      line(90, [[50, '12 rue des Tanneurs'], [300, '4 allée des Cèdres']]),
    ])]));
    expect(res.value).toMatchObject({ customer: { name: 'Atelier Vernet SARL' }, ship_to: { name: 'Entrepôt Lacombe' } });
  });

  it('a party heading with a colon ("Käufer:") ends the section of the heading above it', async () => {
    const pages = [page(1, [
      text(50, 130, 'Verkäufer:'), text(50, 146, 'Mühlbach Papierwaren GmbH'), text(50, 160, 'Bachgasse 3'),
      text(50, 180, 'Käufer:'), text(50, 196, 'Kranich Bürobedarf KG'), text(50, 210, 'Am Anger 12'),
    ])];
    const nameAddress = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { seller: nameAddress, buyer: nameAddress } }, pages));
    expect(res.value).toEqual({
      seller: { name: 'Mühlbach Papierwaren GmbH', address: 'Bachgasse 3' },
      buyer: { name: 'Kranich Bürobedarf KG', address: 'Am Anger 12' },
    });
  });

  it('a name and address on one line with commas under a heading gives the name and the address apart', async () => {
    const pages = [page(1, [
      text(50, 130, 'Verkäufer'), text(50, 146, 'Mühlbach Papierwaren GmbH, Bachgasse 3, 79098 Freiburg'),
      text(300, 130, 'Käufer'), text(300, 146, 'Smith, Jones & Co'),
    ])];
    const nameAddress = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { seller: nameAddress, buyer: nameAddress } }, pages));
    expect(res.value).toEqual({
      seller: { name: 'Mühlbach Papierwaren GmbH', address: 'Bachgasse 3, 79098 Freiburg' },
      buyer: { name: 'Smith, Jones & Co' },
    });
  });

  it('a small-print sender line with commas at the top of a recipient heading\'s block is not the recipient\'s name', async () => {
    const customer = { type: 'object', properties: { name: { type: 'string' }, address: { type: 'string' } } };
    const pages = [page(1, [
      text(50, 90, 'Rechnungsempfänger'),
      text(50, 105, 'Talgrund Keramik GmbH, Töpferweg 9, 96450 Coburg', 7),
      text(50, 120, 'Sonnhalde Gastro KG'),
      text(50, 134, 'Lindenplatz 4'),
      text(50, 148, '95444 Bayreuth'),
    ])];
    const res = await local.extract(request({ type: 'object', properties: { customer } }, pages));
    expect(res.value).toEqual({ customer: { name: 'Sonnhalde Gastro KG', address: 'Lindenplatz 4, 95444 Bayreuth' } });
  });
});

describe('party sections beside an information block', () => {
  it('ends a heading\'s section left of the labels of an information block printed beside its lines', async () => {
    const pages = [page(1, [
      text(50, 60, 'Klant'),
      line(76, [[50, 'Pension Zeezicht'], [320, 'Factuurnummer:'], [420, '2025-118']]),
      line(90, [[50, 'Duinweg 12'], [320, 'Factuurdatum:'], [420, '04-02-2025']]),
      line(104, [[50, '1771 AB Callantsoog'], [320, 'Vervaldatum:'], [420, '18-02-2025']]),
    ])];
    const buyer: JsonSchema = { type: 'object', properties: { buyer: { type: 'object', properties: { name: { type: 'string' }, street: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' } } } } };
    const res = await local.extract(request(buyer, pages));
    expect(res.value).toEqual({ buyer: { name: 'Pension Zeezicht', street: 'Duinweg 12', postal_code: '1771 AB', city: 'Callantsoog' } });
  });
});

describe('party sections side by side on a scanned layer', () => {
  it('reads on past a row where the layer cut each postcode from its city, which is no items row', async () => {
    const pages = [page(1, [
      line(60, [[50, 'Fournisseur'], [320, 'Client']]),
      line(76, [[50, 'Verrerie Lamotte SARL'], [320, 'Hôtel des Remparts']]),
      line(90, [[50, '8 rue du Four'], [320, '2 place Carnot']]),
      line(104, [[50, '21000'], [85, 'Dijon'], [320, '71100'], [355, 'Chalon-sur-Saône']]),
      line(118, [[50, 'France'], [320, 'France']]),
      line(132, [[50, 'N° TVA : FR 27 441 902 118']]),
    ])];
    const party2 = { type: 'object', properties: { name: { type: 'string' }, postal_code: { type: 'string' }, city: { type: 'string' }, country: { type: 'string' } } };
    const res = await local.extract(request({ type: 'object', properties: { seller: { ...party2, properties: { ...party2.properties, vat_id: { type: 'string' } } }, buyer: party2 } }, pages));
    expect(res.value).toEqual({
      seller: { name: 'Verrerie Lamotte SARL', postal_code: '21000', city: 'Dijon', country: 'France', vat_id: 'FR 27 441 902 118' },
      buyer: { name: 'Hôtel des Remparts', postal_code: '71100', city: 'Chalon-sur-Saône', country: 'France' },
    });
  });
});
