/**
 * The second sealed holdout set (bench/corpora/sealed2), made after the round that sealed1 was
 * made for, in styles neither sealed1 nor the tuning sets have: Dutch and Portuguese labels,
 * labels in boxes above their values, the issuer only in the footer, a customer block without a
 * heading under a letterhead, long dates written out in English, amounts without any currency
 * sign, and a credit-card style "Amount payable" summary. Measured once when made; it is the
 * sealed set of the next round.
 */
import { OcrPage } from './ocr-page.ts';
import { amounts, de, en, table, totals, truthOf } from './sealed1-invoices.ts';
import type { SealedInvoice, Truth } from './sealed1-invoices.ts';

function nlLeverancier(): SealedInvoice {
  const t: Truth = {
    invoice_number: '2023-0815', invoice_date: '2023-09-14', due_date: '2023-10-14', currency: 'EUR',
    vendor: { name: 'Drukkerij De Vaart B.V.', address: ['Kanaalweg 27', '3526 KM Utrecht'] },
    customer: { name: 'Stichting Buurtwerk Oost', address: ['Javastraat 118', '1095 CN Amsterdam'] },
    items: [
      { description: 'Flyers A5, 4/4 kleuren', quantity: 2500, unit_price: 0.08 },
      { description: 'Posters A2 op 170 grams', quantity: 40, unit_price: 3.25 },
    ],
    taxRate: 0.21,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'FACTUUR', { size: 16, bold: true });
  p.label(60, 90, 'Leverancier', { bold: true }).label(320, 90, 'Klant', { bold: true });
  p.text(60, 106, t.vendor.name).text(320, 106, t.customer.name);
  p.text(60, 120, t.vendor.address[0] ?? '').text(320, 120, t.customer.address[0] ?? '');
  p.text(60, 134, t.vendor.address[1] ?? '').text(320, 134, t.customer.address[1] ?? '');
  p.label(60, 170, 'Factuurnummer:').text(160, 170, t.invoice_number);
  p.label(60, 184, 'Factuurdatum:').text(160, 184, '14-09-2023');
  p.label(60, 198, 'Vervaldatum:').text(160, 198, '14-10-2023');
  const end = table(p, t, { top: 240, heads: ['Omschrijving', 'Aantal', 'Prijs', 'Bedrag'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: true });
  totals(p, end + 16, [['Subtotaal', `€ ${de(a.subtotal)}`], ['BTW 21%', `€ ${de(a.tax)}`], ['Totaal te betalen', `€ ${de(a.total)}`]]);
  p.text(60, 770, 'KvK 30112233 · BTW NL8123.45.678.B01 · IBAN NL91 ABNA 0417 1643 00', { size: 7 });
  return { id: 'invoice-v1-nl-sections', page: p, scanned: true, expected: truthOf(t) };
}

function ptBoxes(): SealedInvoice {
  const t: Truth = {
    invoice_number: '1187', invoice_date: '2022-05-20', due_date: '2022-06-19', currency: 'EUR',
    vendor: { name: 'Cerâmica do Douro, Lda.', address: ['Rua da Alfândega 61', '4050-030 Porto'] },
    customer: { name: 'Hotel Ribeira Azul', address: ['Cais da Ribeira 22', '4050-510 Porto'] },
    items: [
      { description: 'Azulejo pintado à mão 15x15', quantity: 320, unit_price: 4.6 },
      { description: 'Rodapé cerâmico', quantity: 45, unit_price: 6.9 },
    ],
    taxRate: 0.23,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.text(60, 60, t.vendor.name, { size: 14, bold: true }).text(60, 76, t.vendor.address.join(' · '), { size: 8 });
  const boxes: Array<[string, string]> = [['Fatura n.º', t.invoice_number], ['Data de emissão', '20/05/2022'], ['Data de vencimento', '19/06/2022'], ['Moeda', 'EUR']];
  boxes.forEach(([label, value], i) => {
    const x = 60 + i * 122;
    p.rule(x, 104, x + 115, 104).rule(x, 138, x + 115, 138).label(x + 4, 116, label, { size: 8 }).text(x + 4, 132, value);
  });
  p.label(60, 170, 'Cliente', { bold: true }).text(60, 186, t.customer.name).text(60, 200, t.customer.address[0] ?? '').text(60, 214, t.customer.address[1] ?? '');
  const end = table(p, t, { top: 250, heads: ['Descrição', 'Qtd.', 'Preço unit.', 'Total'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: true });
  totals(p, end + 16, [['Total ilíquido', de(a.subtotal)], ['IVA 23%', de(a.tax)], ['Total a pagar (EUR)', de(a.total)]]);
  return { id: 'invoice-v2-pt-label-boxes', page: p, scanned: false, expected: truthOf(t) };
}

function enFooterIssuer(): SealedInvoice {
  const t: Truth = {
    invoice_number: '30571', invoice_date: '2023-03-07', due_date: '2023-04-06', currency: 'USD',
    vendor: { name: 'Copperline Audio Repair', address: ['58 Foundry Street', 'Lowell, MA 01852'] },
    customer: { name: 'Merrimack Valley Chorale', address: ['12 Church Street', 'Andover, MA 01810'] },
    items: [
      { description: 'Mixing console service', quantity: 1, unit_price: 385 },
      { description: 'Replacement XLR cables', quantity: 8, unit_price: 18.5 },
      { description: 'Bench labour (hours)', quantity: 2.5, unit_price: 70 },
    ],
    taxRate: 0.0625,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'Invoice', { size: 18, bold: true });
  p.text(60, 96, t.customer.name).text(60, 110, t.customer.address[0] ?? '').text(60, 124, t.customer.address[1] ?? '');
  p.label(360, 96, 'Invoice').right(545, 96, `#${t.invoice_number}`);
  p.label(360, 110, 'Issued').right(545, 110, 'March 7th, 2023');
  p.label(360, 124, 'Payment due').right(545, 124, 'April 6th, 2023');
  const end = table(p, t, { top: 170, heads: ['Item', 'Qty', 'Price', 'Amount'], cols: [380, 460, 545], fmt: en, decimal: '.', ruled: false });
  totals(p, end + 16, [['Subtotal', en(a.subtotal)], ['MA sales tax 6.25%', en(a.tax)], ['Amount payable (USD)', en(a.total)]]);
  p.text(60, 780, `${t.vendor.name} · ${t.vendor.address.join(' · ')} · (978) 555-0143`, { size: 7 });
  return { id: 'invoice-v3-en-footer-issuer', page: p, scanned: true, expected: truthOf(t) };
}

function deAuftragnehmer(): SealedInvoice {
  const t: Truth = {
    invoice_number: '90412', invoice_date: '2024-11-28', due_date: '2024-12-12', currency: 'EUR',
    vendor: { name: 'Malerbetrieb Sonnleitner', address: ['Innstraße 7', '94032 Passau'] },
    customer: { name: 'Hausverwaltung Dreiflüsse GmbH', address: ['Ludwigsplatz 2', '94032 Passau'] },
    items: [
      { description: 'Treppenhaus streichen, 4 Etagen', quantity: 1, unit_price: 2860 },
      { description: 'Geländer schleifen und lackieren', quantity: 22, unit_price: 31.5 },
    ],
    taxRate: 0.19,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.text(60, 56, `${t.vendor.name} · ${t.vendor.address.join(' · ')}`, { size: 7 });
  p.text(60, 80, t.customer.name).text(60, 94, t.customer.address[0] ?? '').text(60, 108, t.customer.address[1] ?? '');
  p.right(545, 80, 'Passau, den 28.11.2024');
  p.label(60, 150, 'Schlussrechnung', { size: 14, bold: true });
  p.label(60, 168, 'Rechnungs-Nr.').text(150, 168, t.invoice_number).label(300, 168, 'Zahlungsziel:').text(380, 168, '12.12.2024');
  const end = table(p, t, { top: 200, heads: ['Leistung', 'Menge', 'E-Preis', 'G-Preis'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: true, position: 'Pos' });
  totals(p, end + 16, [['Summe netto', de(a.subtotal)], ['MwSt. 19%', de(a.tax)], ['Endbetrag', de(a.total)]]);
  p.text(60, 770, 'Malerbetrieb Sonnleitner · Steuernr. 153/222/40117 · Sparkasse Passau', { size: 7 });
  return { id: 'invoice-v4-de-letter-window', page: p, scanned: true, expected: truthOf(t) };
}

function itPreventivo(): SealedInvoice {
  const t: Truth = {
    invoice_number: 'FT/2021/0342', invoice_date: '2021-07-15', due_date: '2021-08-14', currency: 'EUR',
    vendor: { name: 'Officina Meccanica Ferri S.n.c.', address: ['Via dell\'Industria 5', '25030 Castel Mella (BS)'] },
    customer: { name: 'Agricola Franciacorta S.r.l.', address: ['Strada Provinciale 11', '25040 Erbusco (BS)'] },
    items: [
      { description: 'Revisione trattore', quantity: 1, unit_price: 740 },
      { description: 'Filtri olio e gasolio', quantity: 4, unit_price: 22.9 },
    ],
    taxRate: 0.22,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.label(60, 60, 'Cedente / Prestatore', { bold: true }).label(320, 60, 'Cessionario / Committente', { bold: true });
  p.text(60, 76, t.vendor.name).text(320, 76, t.customer.name);
  p.text(60, 90, t.vendor.address[0] ?? '').text(320, 90, t.customer.address[0] ?? '');
  p.text(60, 104, t.vendor.address[1] ?? '').text(320, 104, t.customer.address[1] ?? '');
  p.label(60, 140, 'Documento').label(200, 140, 'Numero').label(330, 140, 'Data').label(460, 140, 'Scadenza');
  p.text(60, 154, 'Fattura').text(200, 154, t.invoice_number).text(330, 154, '15-07-2021').text(460, 154, '14-08-2021');
  const end = table(p, t, { top: 190, heads: ['Descrizione', 'Q.tà', 'Prezzo', 'Importo'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: true });
  totals(p, end + 16, [['Totale imponibile', de(a.subtotal)], ['Totale IVA 22%', de(a.tax)], ['Totale documento EUR', de(a.total)]]);
  return { id: 'invoice-v5-it-document-grid', page: p, scanned: true, expected: truthOf(t) };
}

function esSinSimbolo(): SealedInvoice {
  const t: Truth = {
    invoice_number: 'A-2020-118', invoice_date: '2020-02-03', due_date: null, currency: 'EUR',
    vendor: { name: 'Talleres Gredos S.A.', address: ['Avenida de Portugal 40', '05001 Ávila'] },
    customer: { name: 'Transportes Meseta S.L.', address: ['Polígono Las Hervencias, nave 3', '05004 Ávila'] },
    items: [
      { description: 'Cambio de neumáticos', quantity: 6, unit_price: 142 },
      { description: 'Alineación de ejes', quantity: 1, unit_price: 65 },
    ],
    taxRate: 0.21,
  };
  const a = amounts(t);
  const p = new OcrPage();
  p.text(330, 56, t.vendor.name, { size: 13, bold: true }).text(330, 72, t.vendor.address[0] ?? '').text(330, 86, t.vendor.address[1] ?? '').text(330, 100, 'CIF A05112233');
  p.label(60, 130, 'Facturar a:', { bold: true });
  p.text(60, 146, t.customer.name).text(60, 160, t.customer.address[0] ?? '').text(60, 174, t.customer.address[1] ?? '');
  p.label(330, 146, 'Factura').text(400, 146, t.invoice_number);
  p.label(330, 160, 'Fecha').text(400, 160, '3 de febrero de 2020');
  const end = table(p, t, { top: 210, heads: ['Concepto', 'Uds.', 'Precio', 'Importe'], cols: [380, 460, 545], fmt: de, decimal: ',', ruled: false });
  totals(p, end + 16, [['Base imponible', de(a.subtotal)], ['IVA (21%)', de(a.tax)], ['TOTAL (EUR)', de(a.total)]]);
  p.text(60, 760, 'Forma de pago: recibo domiciliado a la entrega.', { size: 8 });
  return { id: 'invoice-v6-es-vendor-right', page: p, scanned: true, expected: truthOf(t) };
}

export const SEALED2_INVOICES: ReadonlyArray<() => SealedInvoice> = [nlLeverancier, ptBoxes, enFooterIssuer, deAuftragnehmer, itPreventivo, esSinSimbolo];
