/**
 * The HTML half of bench/corpora/probes8 (a tuning set made before any extractor change of its
 * round), printed by headless Chromium, with invented companies, numbers and dates, in styles the
 * earlier sets do not have: a German office-supplies invoice whose quantity cells carry their unit
 * ("20 Pack"), whose first column is an article number rather than a position, whose header uses
 * "Belegnummer"/"Belegdatum" and whose delivery date stands in a note sentence; a French facture
 * with "Émetteur"/"Destinataire" cards and three TVA rates; an Irish invoice with "Supplier"/
 * "Customer" cards, a purely numeric invoice number, the quantity first and a date of supply; a
 * Belgian Dutch factuur with "Leverancier"/"Klant" columns, a structured payment reference and
 * 21 % and 6 % BTW; a German invoice whose parties share one grid of labels with a column per
 * party ("Verkäufer" | "Käufer") and positions numbered in tens.
 */
import { checkedTruth, DETAILED_INVOICE_SCHEMA, type DetailedInvoiceTruth } from './detailed-invoice-truth.ts';

export interface Probe8Html {
  id: string;
  html: string;
  schema: string;
  expected: Record<string, unknown>;
}

const page = (lang: string, css: string, body: string): string =>
  `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><style>\n@page { size: A4; margin: 16mm 16mm 18mm 20mm; }\nbody { margin: 0; color: #111; }\n.r { text-align: right; }\n${css}\n</style></head>\n<body>\n${body}\n</body></html>\n`;

/** Table rows; a cell starting with ">" is right-aligned. */
const tr = (cells: string[][]): string =>
  cells.map((r) => `<tr>${r.map((c) => (c.startsWith('>') ? `<td class="r">${c.slice(1)}</td>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n');

const probe = (id: string, html: string, truth: DetailedInvoiceTruth): Probe8Html => ({ id, html, schema: DETAILED_INVOICE_SCHEMA, expected: checkedTruth(id, truth) });

function deUnitInQuantityCell(): Probe8Html {
  const html = page('de', `
body { font: 9.5pt "Liberation Sans", sans-serif; }
.top { display: flex; justify-content: space-between; }
.brand { font: bold 16pt "Liberation Serif", serif; }
.sender { font-size: 6.5pt; text-decoration: underline; margin: 12mm 0 2mm; }
.meta { border-collapse: collapse; margin-top: 12mm; } .meta td { padding: 0.5mm 2mm; border: 0.4pt solid #999; }
h1 { font-size: 13pt; margin: 10mm 0 2mm; }
table.items { width: 100%; border-collapse: collapse; margin-top: 4mm; font-size: 9pt; }
table.items th { border-top: 1pt solid #000; border-bottom: 1pt solid #000; padding: 1mm; text-align: left; }
table.items td { padding: 1mm; }
table.sum { margin-left: auto; margin-top: 3mm; border-top: 0.6pt solid #000; } table.sum td { padding: 0.6mm 0 0.6mm 10mm; }
.note { margin-top: 6mm; font-size: 9pt; }
.foot { position: fixed; bottom: 0; left: 0; right: 0; font-size: 6.5pt; text-align: center; color: #444; }`, `
<div class="top"><div class="brand">Bürobedarf Hansen &amp; Söhne</div><div style="font-size:8pt; text-align:right">Speicherstraße 5<br>24103 Kiel<br>Tel. 0431 55 20 10</div></div>
<div class="top"><div>
<div class="sender">Bürobedarf Hansen &amp; Söhne OHG, Speicherstraße 5, 24103 Kiel</div>
<div>Praxis Dr. med. Ulrike Feld<br>Holtenauer Straße 88<br>24105 Kiel</div></div>
<table class="meta">
<tr><td>Belegnummer</td><td>BH-77410</td></tr>
<tr><td>Belegdatum</td><td>06.03.2025</td></tr>
<tr><td>Kunde</td><td>K 1187</td></tr>
<tr><td>Bearbeiter</td><td>Frau Jessen</td></tr>
</table></div>
<h1>Rechnung</h1>
<table class="items">
<tr><th>Artikelnummer</th><th>Bezeichnung</th><th class="r">Menge</th><th class="r">Einzelpreis</th><th class="r">USt.</th><th class="r">Gesamtpreis</th></tr>
${tr([
    ['4711-A4', 'Kopierpapier A4 80 g (500 Bl.)', '>20 Pack', '>4,95', '>19%', '>99,00'],
    ['2210-KU', 'Kugelschreiber blau', '>50 Stück', '>0,79', '>19%', '>39,50'],
    ['9001-KA', 'Wandkalender 2025', '>3 Stück', '>12,90', '>19%', '>38,70'],
    ['7730-BU', 'Fachbuch Praxisorganisation', '>1 Stück', '>29,90', '>7%', '>29,90'],
  ])}
</table>
<table class="sum">
<tr><td>Warenwert netto</td><td class="r">207,10 €</td></tr>
<tr><td>USt. 19% auf 177,20 €</td><td class="r">33,67 €</td></tr>
<tr><td>USt. 7% auf 29,90 €</td><td class="r">2,09 €</td></tr>
<tr><td><b>Endbetrag</b></td><td class="r"><b>242,86 €</b></td></tr>
</table>
<div class="note">Die Lieferung erfolgte am 03.03.2025. Bitte überweisen Sie den Betrag bis zum 20.03.2025 unter Angabe der Belegnummer.</div>
<div class="foot">Bürobedarf Hansen &amp; Söhne OHG · USt-IdNr. DE 135 772 904 · Förde Sparkasse · IBAN DE02 2105 0170 0012 3456 78 · BIC NOLADE21KIE</div>`);
  return probe('invoice-q6-de-unit-in-quantity-cell', html, {
    invoice_number: 'BH-77410', invoice_date: '2025-03-06', delivery_date: '2025-03-03', due_date: '2025-03-20', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Bürobedarf Hansen & Söhne OHG', street: 'Speicherstraße 5', postal_code: '24103', city: 'Kiel', country: null, vat_id: 'DE 135 772 904' },
    buyer: { name: 'Praxis Dr. med. Ulrike Feld', street: 'Holtenauer Straße 88', postal_code: '24105', city: 'Kiel', country: null },
    payment: { iban: 'DE02 2105 0170 0012 3456 78', bic: 'NOLADE21KIE' },
    net_total: 207.1, tax_total: 35.76, gross_total: 242.86,
    line_items: [
      { position: null, description: 'Kopierpapier A4 80 g (500 Bl.)', quantity: 20, unit: 'Pack', unit_price: 4.95, tax_rate: 19, net_amount: 99 },
      { position: null, description: 'Kugelschreiber blau', quantity: 50, unit: 'Stück', unit_price: 0.79, tax_rate: 19, net_amount: 39.5 },
      { position: null, description: 'Wandkalender 2025', quantity: 3, unit: 'Stück', unit_price: 12.9, tax_rate: 19, net_amount: 38.7 },
      { position: null, description: 'Fachbuch Praxisorganisation', quantity: 1, unit: 'Stück', unit_price: 29.9, tax_rate: 7, net_amount: 29.9 },
    ],
  });
}

function frEmetteurDestinataireCards(): Probe8Html {
  const html = page('fr', `
body { font: 9pt "DejaVu Sans", sans-serif; }
h1 { font-size: 15pt; letter-spacing: 1pt; margin: 0 0 1mm; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 8mm; margin: 6mm 0; }
.card { background: #f1f1f1; padding: 3mm; } .card h2 { font-size: 8pt; text-transform: uppercase; color: #555; margin: 0 0 1.5mm; }
.facts { display: grid; grid-template-columns: auto auto; gap: 0.8mm 6mm; width: 100mm; }
table.items { width: 100%; border-collapse: collapse; margin-top: 6mm; }
table.items th { background: #333; color: #fff; text-align: left; padding: 1.2mm; font-size: 8pt; } table.items td { padding: 1.2mm; border-bottom: 0.3pt solid #ccc; }
table.tot { margin-left: auto; margin-top: 4mm; } table.tot td { padding: 0.6mm 0 0.6mm 12mm; } table.tot tr.ttc td { font-weight: bold; font-size: 10.5pt; }
.legal { margin-top: 10mm; font-size: 7pt; color: #444; }`, `
<h1>FACTURE N° 2025-0156</h1>
<div class="facts">
<div>Date d'émission :</div><div>18/03/2025</div>
<div>Date de la prestation :</div><div>12/03/2025</div>
<div>Date d'exigibilité du paiement :</div><div>17/04/2025</div>
<div>Référence acheteur :</div><div>BC-8841</div>
</div>
<div class="cards">
<div class="card"><h2>Émetteur</h2><b>Atelier Verrier Lumen SAS</b><br>14 rue de la Verrerie<br>33000 Bordeaux<br>France<br>TVA : FR 61 880 214 377</div>
<div class="card"><h2>Destinataire</h2><b>Restaurant Le Quai Vert</b><br>3 place du Marché<br>33120 Arcachon<br>France</div>
</div>
<table class="items">
<tr><th>Désignation</th><th class="r">Quantité</th><th>Unité</th><th class="r">Prix unitaire HT</th><th class="r">Taux TVA</th><th class="r">Total HT</th></tr>
${tr([
    ['Luminaire suspendu verre soufflé', '>6', 'u', '>145,00 €', '>20 %', '>870,00 €'],
    ['Repas équipe de pose', '>4', 'u', '>18,50 €', '>10 %', '>74,00 €'],
    ['Livre « Art du verre »', '>2', 'u', '>35,00 €', '>5,5 %', '>70,00 €'],
  ])}
</table>
<table class="tot">
<tr><td>Total HT</td><td class="r">1 014,00 €</td></tr>
<tr><td>TVA 20 %</td><td class="r">174,00 €</td></tr>
<tr><td>TVA 10 %</td><td class="r">7,40 €</td></tr>
<tr><td>TVA 5,5 %</td><td class="r">3,85 €</td></tr>
<tr class="ttc"><td>Total TTC</td><td class="r">1 199,25 €</td></tr>
</table>
<p>Règlement par virement : IBAN : FR14 2004 1010 0505 0001 3M02 606 — BIC : PSSTFRPPBOR</p>
<div class="legal">Atelier Verrier Lumen SAS au capital de 10 000 € – RCS Bordeaux 880 214 377. En cas de retard de paiement, une indemnité forfaitaire de 40 € pour frais de recouvrement sera exigée.</div>`);
  return probe('invoice-q7-fr-emetteur-destinataire-three-rates', html, {
    invoice_number: '2025-0156', invoice_date: '2025-03-18', delivery_date: '2025-03-12', due_date: '2025-04-17', currency: 'EUR', buyer_reference: 'BC-8841',
    seller: { name: 'Atelier Verrier Lumen SAS', street: '14 rue de la Verrerie', postal_code: '33000', city: 'Bordeaux', country: 'France', vat_id: 'FR 61 880 214 377' },
    buyer: { name: 'Restaurant Le Quai Vert', street: '3 place du Marché', postal_code: '33120', city: 'Arcachon', country: 'France' },
    payment: { iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'PSSTFRPPBOR' },
    net_total: 1014, tax_total: 185.25, gross_total: 1199.25,
    line_items: [
      { position: null, description: 'Luminaire suspendu verre soufflé', quantity: 6, unit: 'u', unit_price: 145, tax_rate: 20, net_amount: 870 },
      { position: null, description: 'Repas équipe de pose', quantity: 4, unit: 'u', unit_price: 18.5, tax_rate: 10, net_amount: 74 },
      { position: null, description: 'Livre « Art du verre »', quantity: 2, unit: 'u', unit_price: 35, tax_rate: 5.5, net_amount: 70 },
    ],
  });
}

function ieSupplierCustomerNumericNumber(): Probe8Html {
  const html = page('en', `
body { font: 10pt "Liberation Serif", serif; }
.head { display: flex; justify-content: space-between; align-items: flex-end; border-bottom: 2pt solid #185; padding-bottom: 2mm; }
.head h1 { font: bold 20pt "Liberation Sans", sans-serif; color: #185; margin: 0; }
.parties { display: flex; gap: 10mm; margin: 6mm 0; } .parties > div { flex: 1; border-left: 2pt solid #185; padding-left: 3mm; }
.parties h3 { font: bold 8.5pt "Liberation Sans", sans-serif; margin: 0 0 1mm; color: #185; }
table.kv td { padding: 0.4mm 4mm 0.4mm 0; white-space: nowrap; }
table.items { width: 100%; border-collapse: collapse; margin-top: 5mm; } table.items th { border-bottom: 1pt solid #185; text-align: left; padding: 1mm; } table.items td { padding: 1mm; }
table.tot { margin-left: auto; } table.tot td { padding: 0.7mm 0 0.7mm 10mm; }`, `
<div class="head"><div><b style="font-size:13pt">Cloverfield Print &amp; Design Ltd</b><br>VAT No. IE 3312045LH</div><h1>INVOICE</h1></div>
<div class="parties">
<div><h3>Supplier</h3>Cloverfield Print &amp; Design Ltd<br>12 Patrick Street<br>Cork<br>T12 X2C4<br>Ireland</div>
<div><h3>Customer</h3>Ballymore Community Centre<br>Main Street<br>Ballymore<br>P72 KD80<br>Ireland</div>
<div><table class="kv">
<tr><td>Invoice No:</td><td>100234</td></tr>
<tr><td>Invoice date:</td><td>5 March 2025</td></tr>
<tr><td>Date of supply:</td><td>28/02/2025</td></tr>
<tr><td>Payment due:</td><td>04/04/2025</td></tr>
<tr><td>Your ref:</td><td>PO-2291</td></tr>
</table></div></div>
<table class="items">
<tr><th class="r">Qty</th><th>Description</th><th class="r">Unit price</th><th class="r">VAT rate</th><th class="r">Net</th></tr>
${tr([
    ['>500', 'Event posters A3', '>€0.85', '>23%', '>€425.00'],
    ['>2,000', 'Flyers A5', '>€0.05', '>23%', '>€100.00'],
    ['>250', 'Programme booklets', '>€1.90', '>13.5%', '>€475.00'],
  ])}
</table>
<table class="tot">
<tr><td>Net total</td><td class="r">€1,000.00</td></tr>
<tr><td>VAT @ 23% on €525.00</td><td class="r">€120.75</td></tr>
<tr><td>VAT @ 13.5% on €475.00</td><td class="r">€64.13</td></tr>
<tr><td><b>Total due</b></td><td class="r"><b>€1,184.88</b></td></tr>
</table>
<p>Please pay by EFT to AIB, Cork: IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D. Quote invoice number 100234.</p>`);
  return probe('invoice-q8-ie-supplier-customer-numeric-number', html, {
    invoice_number: '100234', invoice_date: '2025-03-05', delivery_date: '2025-02-28', due_date: '2025-04-04', currency: 'EUR', buyer_reference: 'PO-2291',
    seller: { name: 'Cloverfield Print & Design Ltd', street: '12 Patrick Street', postal_code: 'T12 X2C4', city: 'Cork', country: 'Ireland', vat_id: 'IE 3312045LH' },
    buyer: { name: 'Ballymore Community Centre', street: 'Main Street', postal_code: 'P72 KD80', city: 'Ballymore', country: 'Ireland' },
    payment: { iban: 'IE29 AIBK 9311 5212 3456 78', bic: 'AIBKIE2D' },
    net_total: 1000, tax_total: 184.88, gross_total: 1184.88,
    line_items: [
      { position: null, description: 'Event posters A3', quantity: 500, unit: null, unit_price: 0.85, tax_rate: 23, net_amount: 425 },
      { position: null, description: 'Flyers A5', quantity: 2000, unit: null, unit_price: 0.05, tax_rate: 23, net_amount: 100 },
      { position: null, description: 'Programme booklets', quantity: 250, unit: null, unit_price: 1.9, tax_rate: 13.5, net_amount: 475 },
    ],
  });
}

function beLeverancierKlant(): Probe8Html {
  const html = page('nl', `
body { font: 9.5pt "DejaVu Sans", sans-serif; }
h1 { font-size: 14pt; border-bottom: 1pt solid #000; padding-bottom: 1mm; }
table.parties { width: 100%; } table.parties td { vertical-align: top; width: 50%; padding-bottom: 4mm; }
table.facts td { padding: 0.4mm 5mm 0.4mm 0; }
table.items { width: 100%; border-collapse: collapse; margin-top: 5mm; } table.items th, table.items td { border: 0.4pt solid #777; padding: 1mm; } table.items th { text-align: left; }
table.tot { margin-left: auto; margin-top: 3mm; border-collapse: collapse; } table.tot td { padding: 0.7mm 2mm; border: 0.4pt solid #777; }`, `
<h1>FACTUUR</h1>
<table class="parties"><tr>
<td><b>Leverancier</b><br>Brouwerij De Drie Linden BV<br>Kerkstraat 17<br>9000 Gent<br>België<br>BTW BE 0712.345.678</td>
<td><b>Klant</b><br>Café Het Anker<br>Grote Markt 5<br>8000 Brugge<br>België</td>
</tr></table>
<table class="facts">
<tr><td>Factuurnummer:</td><td>2025/0412</td><td>Factuurdatum:</td><td>07/03/2025</td></tr>
<tr><td>Leveringsdatum:</td><td>05/03/2025</td><td>Vervaldatum:</td><td>06/04/2025</td></tr>
</table>
<table class="items">
<tr><th>Omschrijving</th><th class="r">Aantal</th><th>Eenheid</th><th class="r">Eenheidsprijs</th><th class="r">BTW</th><th class="r">Bedrag</th></tr>
${tr([
    ['Tripel op vat 20 l', '>4', 'vat', '>96,00', '>21%', '>384,00'],
    ['Bierglazen 33 cl', '>48', 'st', '>2,10', '>21%', '>100,80'],
    ['Alcoholvrij bier 24 x 25 cl', '>3', 'bak', '>22,50', '>6%', '>67,50'],
  ])}
</table>
<table class="tot">
<tr><td>Totaal excl. BTW</td><td class="r">€ 552,30</td></tr>
<tr><td>BTW 21% over € 484,80</td><td class="r">€ 101,81</td></tr>
<tr><td>BTW 6% over € 67,50</td><td class="r">€ 4,05</td></tr>
<tr><td><b>Te betalen</b></td><td class="r"><b>€ 658,16</b></td></tr>
</table>
<p>Gelieve te betalen op rekening IBAN BE68 5390 0754 7034 (BIC BBRUBEBB) met mededeling +++090/9337/55493+++.</p>`);
  return probe('invoice-q9-be-leverancier-klant-structured-reference', html, {
    invoice_number: '2025/0412', invoice_date: '2025-03-07', delivery_date: '2025-03-05', due_date: '2025-04-06', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Brouwerij De Drie Linden BV', street: 'Kerkstraat 17', postal_code: '9000', city: 'Gent', country: 'België', vat_id: 'BE 0712.345.678' },
    buyer: { name: 'Café Het Anker', street: 'Grote Markt 5', postal_code: '8000', city: 'Brugge', country: 'België' },
    payment: { iban: 'BE68 5390 0754 7034', bic: 'BBRUBEBB' },
    net_total: 552.3, tax_total: 105.86, gross_total: 658.16,
    line_items: [
      { position: null, description: 'Tripel op vat 20 l', quantity: 4, unit: 'vat', unit_price: 96, tax_rate: 21, net_amount: 384 },
      { position: null, description: 'Bierglazen 33 cl', quantity: 48, unit: 'st', unit_price: 2.1, tax_rate: 21, net_amount: 100.8 },
      { position: null, description: 'Alcoholvrij bier 24 x 25 cl', quantity: 3, unit: 'bak', unit_price: 22.5, tax_rate: 6, net_amount: 67.5 },
    ],
  });
}

function dePartiesInOneGrid(): Probe8Html {
  const html = page('de', `
body { font: 9pt "Liberation Sans", sans-serif; }
h1 { font-size: 14pt; margin: 0 0 4mm; }
table.grid { width: 100%; border-collapse: collapse; } table.grid th, table.grid td { border: 0.4pt solid #888; padding: 1mm 2mm; text-align: left; }
table.grid th { background: #ddd; } table.grid td:first-child { color: #444; width: 30mm; }
table.facts { margin-top: 5mm; } table.facts td { padding: 0.4mm 6mm 0.4mm 0; }
table.items { width: 100%; border-collapse: collapse; margin-top: 5mm; } table.items th { background: #ddd; padding: 1mm; text-align: left; } table.items td { padding: 1mm; border-bottom: 0.3pt solid #aaa; }
table.tot { margin-left: auto; margin-top: 3mm; } table.tot td { padding: 0.6mm 0 0.6mm 10mm; }`, `
<h1>Rechnung</h1>
<table class="grid">
<tr><th></th><th>Verkäufer</th><th>Käufer</th></tr>
${tr([
    ['Name', 'Elektro Wiegand GmbH', 'Autohaus Berger KG'],
    ['Straße', 'Industriestr. 7', 'Ringstraße 101'],
    ['PLZ', '34117', '34121'],
    ['Ort', 'Kassel', 'Kassel'],
    ['Land', 'DE', 'DE'],
    ['USt-IdNr.', 'DE 231 998 470', 'DE 188 442 017'],
  ])}
</table>
<table class="facts">
<tr><td>Rechnungsnummer</td><td>2025-3307</td><td>Leistungsdatum</td><td>06.03.2025</td></tr>
<tr><td>Rechnungsdatum</td><td>10.03.2025</td><td>Fällig am</td><td>24.03.2025</td></tr>
<tr><td>Bestellreferenz</td><td>4500187733</td><td>Währung</td><td>EUR</td></tr>
</table>
<table class="items">
<tr><th>Pos</th><th>Bezeichnung</th><th class="r">Menge</th><th>Einheit</th><th class="r">Einzelpreis netto</th><th class="r">USt %</th><th class="r">Betrag netto</th></tr>
${tr([
    ['10', 'LED-Hallenstrahler 150 W', '>8', 'Stk', '>189,00', '>19', '>1.512,00'],
    ['20', 'Installationsmaterial', '>1', 'psch', '>214,60', '>19', '>214,60'],
    ['30', 'Elektromeister', '>6,5', 'Std', '>78,00', '>19', '>507,00'],
  ])}
</table>
<table class="tot">
<tr><td>Summe netto</td><td class="r">2.233,60</td></tr>
<tr><td>Umsatzsteuer 19 %</td><td class="r">424,38</td></tr>
<tr><td><b>Zahlbetrag</b></td><td class="r"><b>2.657,98</b></td></tr>
</table>
<p>Bankverbindung: Kasseler Sparkasse, IBAN DE75 5205 0353 0000 1122 33, BIC HELADEF1KAS. Es gelten unsere Allgemeinen Geschäftsbedingungen.</p>`);
  return probe('invoice-q10-de-parties-in-one-grid', html, {
    invoice_number: '2025-3307', invoice_date: '2025-03-10', delivery_date: '2025-03-06', due_date: '2025-03-24', currency: 'EUR', buyer_reference: '4500187733',
    seller: { name: 'Elektro Wiegand GmbH', street: 'Industriestr. 7', postal_code: '34117', city: 'Kassel', country: 'DE', vat_id: 'DE 231 998 470' },
    buyer: { name: 'Autohaus Berger KG', street: 'Ringstraße 101', postal_code: '34121', city: 'Kassel', country: 'DE' },
    payment: { iban: 'DE75 5205 0353 0000 1122 33', bic: 'HELADEF1KAS' },
    net_total: 2233.6, tax_total: 424.38, gross_total: 2657.98,
    line_items: [
      { position: '10', description: 'LED-Hallenstrahler 150 W', quantity: 8, unit: 'Stk', unit_price: 189, tax_rate: 19, net_amount: 1512 },
      { position: '20', description: 'Installationsmaterial', quantity: 1, unit: 'psch', unit_price: 214.6, tax_rate: 19, net_amount: 214.6 },
      { position: '30', description: 'Elektromeister', quantity: 6.5, unit: 'Std', unit_price: 78, tax_rate: 19, net_amount: 507 },
    ],
  });
}

export const PROBES8_HTML: ReadonlyArray<() => Probe8Html> = [deUnitInQuantityCell, frEmetteurDestinataireCards, ieSupplierCustomerNumericNumber, beLeverancierKlant, dePartiesInOneGrid];
