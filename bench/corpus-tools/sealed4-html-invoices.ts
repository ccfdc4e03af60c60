/**
 * The HTML half of the fourth sealed holdout set (bench/corpora/sealed4), printed by headless
 * Chromium (Skia/PDF), a producer no other set has: proportional Liberation/DejaVu fonts, CSS
 * tables, boxes and grids, text runs as Chromium lays them out. Styles of the published German
 * e-invoice samples (ZUGFeRD / XRechnung) and their French and Dutch counterparts, with invented
 * companies, people, numbers and dates: a sender line over an address window with an information
 * block and an article table with a MwSt % column and a VAT breakdown by rate; seller and buyer
 * boxes side by side with "Name:"/"Straße:"/"PLZ/Ort:" rows and a Leitweg-ID; a Factur-X style
 * facture; a two-page invoice whose header fields are labels above values; a Dutch factuur in a
 * CSS grid; an overview page in the manner of the XRechnung visualisation (sections of label rows,
 * a seller's contact person, items as blocks of label rows).
 *
 * Sealed: measured once before a round of extractor changes and once after; never tuned on.
 */
import { checkedTruth, DETAILED_INVOICE_SCHEMA, type DetailedInvoiceTruth } from './detailed-invoice-truth.ts';

interface HtmlInvoice {
  id: string;
  html: string;
  schema: string;
  expected: Record<string, unknown>;
}

const page = (lang: string, css: string, body: string): string =>
  `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8"><style>\n@page { size: A4; margin: 18mm 18mm 20mm 22mm; }\nbody { margin: 0; color: #111; }\n${css}\n</style></head>\n<body>\n${body}\n</body></html>\n`;

/** Table rows from cells; a cell starting with ">" is right-aligned. */
const rows = (cells: string[][]): string =>
  cells.map((r) => `<tr>${r.map((c) => (c.startsWith('>') ? `<td class="r">${c.slice(1)}</td>` : `<td>${c}</td>`)).join('')}</tr>`).join('\n');

const doc = (id: string, html: string, truth: DetailedInvoiceTruth): HtmlInvoice => ({ id, html, schema: DETAILED_INVOICE_SCHEMA, expected: checkedTruth(id, truth) });

function deWindowArticleTable(): HtmlInvoice {
  const html = page('de', `
body { font: 9.5pt "Liberation Sans", sans-serif; }
.head { display: flex; justify-content: space-between; margin-bottom: 10mm; }
.logo { font: bold 15pt "Liberation Sans"; color: #224; }
.sender { font-size: 6.5pt; border-bottom: 0.5pt solid #555; width: 85mm; padding-bottom: 1mm; margin-bottom: 2mm; }
.window { width: 85mm; height: 36mm; }
.info td { padding: 0.4mm 2mm 0.4mm 0; }
h1 { font-size: 14pt; margin: 6mm 0 3mm; }
table.items { width: 100%; border-collapse: collapse; margin-top: 3mm; }
table.items th { text-align: left; border-bottom: 1pt solid #000; padding: 1mm; font-size: 8.5pt; }
table.items td { padding: 1.2mm 1mm; border-bottom: 0.3pt solid #bbb; }
.r { text-align: right; } th.r { text-align: right; }
.lower { display: flex; justify-content: space-between; margin-top: 6mm; }
table.vat { border-collapse: collapse; font-size: 8.5pt; } table.vat td, table.vat th { padding: 0.6mm 2.5mm; border: 0.3pt solid #999; }
table.totals td { padding: 0.8mm 0 0.8mm 6mm; } table.totals tr.sum td { font-weight: bold; border-top: 1pt solid #000; }
.terms { margin-top: 8mm; font-size: 9pt; }
.foot { position: fixed; bottom: 0; left: 0; right: 0; display: flex; justify-content: space-between; font-size: 6.5pt; color: #333; border-top: 0.5pt solid #888; padding-top: 1.5mm; }`, `
<div class="head"><div class="logo">Feinmechanik Ostermann GmbH</div><div style="font-size:8pt">Präzisionsteile nach Zeichnung</div></div>
<div style="display:flex; justify-content:space-between">
<div><div class="sender">Feinmechanik Ostermann GmbH · Industriestraße 48 · 73430 Aalen</div>
<div class="window">Hofmann Laborbedarf KG<br>z. Hd. Herrn Petersen<br>Lindenallee 7<br>97070 Würzburg</div></div>
<table class="info">
<tr><td>Rechnungsnummer:</td><td>471193</td></tr>
<tr><td>Rechnungsdatum:</td><td>12.11.2024</td></tr>
<tr><td>Kundennummer:</td><td>10742</td></tr>
<tr><td>Ihre Bestellung:</td><td>PO-55810</td></tr>
<tr><td>Lieferdatum:</td><td>08.11.2024</td></tr>
</table></div>
<h1>Rechnung</h1>
<p>Sehr geehrter Herr Petersen,<br>wir danken für Ihren Auftrag und berechnen Ihnen folgende Lieferung:</p>
<table class="items">
<tr><th>Pos</th><th>Art.-Nr.</th><th>Bezeichnung</th><th class="r">Menge</th><th>Einheit</th><th class="r">Einzelpreis</th><th class="r">MwSt %</th><th class="r">Gesamt</th></tr>
${rows([
    ['1', 'FM-2210', 'Präzisionsdrehteil Ø 12 mm', '>250', 'Stück', '>3,48', '>19', '>870,00'],
    ['2', 'FM-3105', 'Passstift gehärtet 6x30', '>1.000', 'Stück', '>0,215', '>19', '>215,00'],
    ['3', 'DL-0007', 'Technische Dokumentation (Druck)', '>2', 'Stück', '>24,50', '>7', '>49,00'],
    ['4', 'VS-0001', 'Versandkosten', '>1', 'pauschal', '>18,90', '>19', '>18,90'],
  ])}
</table>
<div class="lower">
<table class="vat"><tr><th>USt-Satz</th><th>Nettobetrag</th><th>USt-Betrag</th></tr>
${rows([['>19 %', '>1.103,90', '>209,74'], ['>7 %', '>49,00', '>3,43']])}</table>
<table class="totals">
<tr><td>Summe netto</td><td class="r">1.152,90 EUR</td></tr>
<tr><td>Summe USt</td><td class="r">213,17 EUR</td></tr>
<tr class="sum"><td>Rechnungsbetrag</td><td class="r">1.366,07 EUR</td></tr>
</table></div>
<div class="terms"><b>Zahlungsbedingungen:</b> Zahlbar bis 12.12.2024 ohne Abzug. Bei Zahlung bis 22.11.2024 gewähren wir 2 % Skonto (27,32 EUR).</div>
<div class="foot">
<div>Feinmechanik Ostermann GmbH<br>Industriestraße 48<br>73430 Aalen</div>
<div>Geschäftsführer: Dipl.-Ing. Ralf Ostermann<br>Amtsgericht Ulm HRB 731164<br>USt-IdNr.: DE 298 441 073</div>
<div>Kreissparkasse Ostalb<br>IBAN: DE37 6145 0050 0110 2387 44<br>BIC: OASPDE6AXXX</div>
</div>`);
  return doc('invoice-s1-de-window-article-table', html, {
    invoice_number: '471193', invoice_date: '2024-11-12', delivery_date: '2024-11-08', due_date: '2024-12-12', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Feinmechanik Ostermann GmbH', street: 'Industriestraße 48', postal_code: '73430', city: 'Aalen', country: null, vat_id: 'DE 298 441 073' },
    buyer: { name: 'Hofmann Laborbedarf KG', street: 'Lindenallee 7', postal_code: '97070', city: 'Würzburg', country: null },
    payment: { iban: 'DE37 6145 0050 0110 2387 44', bic: 'OASPDE6AXXX' },
    net_total: 1152.9, tax_total: 213.17, gross_total: 1366.07,
    line_items: [
      { position: '1', description: 'Präzisionsdrehteil Ø 12 mm', quantity: 250, unit: 'Stück', unit_price: 3.48, tax_rate: 19, net_amount: 870 },
      { position: '2', description: 'Passstift gehärtet 6x30', quantity: 1000, unit: 'Stück', unit_price: 0.215, tax_rate: 19, net_amount: 215 },
      { position: '3', description: 'Technische Dokumentation (Druck)', quantity: 2, unit: 'Stück', unit_price: 24.5, tax_rate: 7, net_amount: 49 },
      { position: '4', description: 'Versandkosten', quantity: 1, unit: 'pauschal', unit_price: 18.9, tax_rate: 19, net_amount: 18.9 },
    ],
  });
}

function deSellerBuyerBoxes(): HtmlInvoice {
  const html = page('de', `
body { font: 9pt "DejaVu Sans", sans-serif; }
h1 { font-size: 13pt; margin: 0 0 5mm; }
.pair { display: flex; gap: 6mm; margin-bottom: 5mm; }
.box { flex: 1; border: 0.6pt solid #666; padding: 2mm 3mm; }
.box h2, .wide h2 { font-size: 10pt; margin: 0 0 2mm; background: #e8e8e8; padding: 1mm 2mm; }
.box td:first-child { width: 22mm; color: #444; } .wide td:first-child { width: 38mm; color: #444; }
.box td, .wide td { padding: 0.5mm 0; vertical-align: top; }
.wide { border: 0.6pt solid #666; padding: 2mm 3mm; margin-bottom: 5mm; }
table.items { width: 100%; border-collapse: collapse; font-size: 8.5pt; }
table.items th { background: #e8e8e8; text-align: left; padding: 1mm; } table.items td { padding: 1mm; border-bottom: 0.3pt solid #aaa; }
.r, th.r { text-align: right; }
table.sum { margin-left: auto; margin-top: 3mm; } table.sum td { padding: 0.7mm 0 0.7mm 8mm; } table.sum tr:last-child td { font-weight: bold; }`, `
<h1>Rechnung</h1>
<div class="pair">
<div class="box"><h2>Verkäufer</h2><table>
<tr><td>Name:</td><td>Sörensen IT-Dienste GmbH</td></tr>
<tr><td>Straße:</td><td>Kaistraße 12</td></tr>
<tr><td>PLZ/Ort:</td><td>24103 Kiel</td></tr>
<tr><td>Land:</td><td>Deutschland</td></tr>
<tr><td>USt-IdNr.:</td><td>DE312870455</td></tr>
</table></div>
<div class="box"><h2>Käufer</h2><table>
<tr><td>Name:</td><td>Gemeinde Schönkirchen</td></tr>
<tr><td>Straße:</td><td>Mühlenstraße 48</td></tr>
<tr><td>PLZ/Ort:</td><td>24232 Schönkirchen</td></tr>
<tr><td>Land:</td><td>Deutschland</td></tr>
</table></div></div>
<div class="wide"><h2>Rechnungsdaten</h2><table>
<tr><td>Rechnungsnummer:</td><td>2024/0917</td></tr>
<tr><td>Rechnungsdatum:</td><td>30.09.2024</td></tr>
<tr><td>Leistungszeitraum:</td><td>01.09.2024 – 30.09.2024</td></tr>
<tr><td>Käuferreferenz:</td><td>01058044-0317-52</td></tr>
<tr><td>Fälligkeitsdatum:</td><td>30.10.2024</td></tr>
<tr><td>Währung:</td><td>EUR</td></tr>
</table></div>
<table class="items">
<tr><th>Pos</th><th>Bezeichnung</th><th class="r">Menge</th><th>Einheit</th><th class="r">Einzelpreis (netto)</th><th class="r">USt-Satz</th><th class="r">Gesamt (netto)</th></tr>
${rows([
    ['1', 'Wartungspauschale Server (Monat)', '>1', 'Monat', '>480,00', '>19 %', '>480,00'],
    ['2', 'Vor-Ort-Einsatz Techniker', '>6,5', 'Stunde', '>92,00', '>19 %', '>598,00'],
    ['3', 'Lizenz Virenschutz Arbeitsplatz', '>35', 'Stück', '>2,40', '>19 %', '>84,00'],
  ])}
</table>
<table class="sum">
<tr><td>Summe Positionen netto</td><td class="r">1.162,00</td></tr>
<tr><td>Umsatzsteuer 19 %</td><td class="r">220,78</td></tr>
<tr><td>Gesamtbetrag brutto</td><td class="r">1.382,78</td></tr>
</table>
<div class="wide" style="margin-top:6mm"><h2>Zahlungsinformationen</h2><table>
<tr><td>Zahlungsbedingungen:</td><td>Zahlbar innerhalb von 30 Tagen ohne Abzug.</td></tr>
<tr><td>Kontoinhaber:</td><td>Sörensen IT-Dienste GmbH</td></tr>
<tr><td>Kreditinstitut:</td><td>Förde Sparkasse</td></tr>
<tr><td>IBAN:</td><td>DE89 2105 0170 0091 4420 11</td></tr>
<tr><td>BIC:</td><td>NOLADE21KIE</td></tr>
</table></div>`);
  return doc('invoice-s2-de-seller-buyer-boxes', html, {
    invoice_number: '2024/0917', invoice_date: '2024-09-30', delivery_date: null, due_date: '2024-10-30', currency: 'EUR', buyer_reference: '01058044-0317-52',
    seller: { name: 'Sörensen IT-Dienste GmbH', street: 'Kaistraße 12', postal_code: '24103', city: 'Kiel', country: 'Deutschland', vat_id: 'DE312870455' },
    buyer: { name: 'Gemeinde Schönkirchen', street: 'Mühlenstraße 48', postal_code: '24232', city: 'Schönkirchen', country: 'Deutschland' },
    payment: { iban: 'DE89 2105 0170 0091 4420 11', bic: 'NOLADE21KIE' },
    net_total: 1162, tax_total: 220.78, gross_total: 1382.78,
    line_items: [
      { position: '1', description: 'Wartungspauschale Server (Monat)', quantity: 1, unit: 'Monat', unit_price: 480, tax_rate: 19, net_amount: 480 },
      { position: '2', description: 'Vor-Ort-Einsatz Techniker', quantity: 6.5, unit: 'Stunde', unit_price: 92, tax_rate: 19, net_amount: 598 },
      { position: '3', description: 'Lizenz Virenschutz Arbeitsplatz', quantity: 35, unit: 'Stück', unit_price: 2.4, tax_rate: 19, net_amount: 84 },
    ],
  });
}

function frFacture(): HtmlInvoice {
  const html = page('fr', `
body { font: 9.5pt "Liberation Serif", serif; }
.top { display: flex; justify-content: space-between; align-items: flex-start; }
.seller b { font-size: 13pt; }
.meta { border: 1pt solid #333; padding: 2mm 4mm; }
.meta h1 { font-size: 14pt; margin: 0 0 2mm; letter-spacing: 1pt; }
.client { margin: 10mm 0 8mm 95mm; }
.client .lbl { font-variant: small-caps; color: #555; }
table.items { width: 100%; border-collapse: collapse; } table.items th, table.items td { border: 0.5pt solid #444; padding: 1.2mm; }
table.items th { background: #eee; font-weight: normal; }
.r, th.r { text-align: right; }
table.tot { margin: 4mm 0 0 auto; border-collapse: collapse; } table.tot td { border: 0.5pt solid #444; padding: 1mm 3mm; }
.cond { margin-top: 8mm; font-size: 8.5pt; }`, `
<div class="top">
<div class="seller"><b>Atelier Guérin SARL</b><br>Maintenance de fours de boulangerie<br>14 rue des Tanneurs<br>69002 Lyon<br>France<br>SIRET : 512 338 904 00027<br>TVA intracommunautaire : FR 47 512 338 904</div>
<div class="meta"><h1>FACTURE</h1>N° F-2024-0388<br>Date de facture : 18/10/2024<br>Date de livraison : 15/10/2024<br>Échéance : 17/11/2024</div>
</div>
<div class="client"><span class="lbl">Acheteur</span><br><b>Boulangerie Martin &amp; Fils</b><br>12 avenue Jean Jaurès<br>38000 Grenoble<br>France</div>
<table class="items">
<tr><th>N°</th><th>Désignation</th><th class="r">Qté</th><th>Unité</th><th class="r">PU HT</th><th class="r">TVA</th><th class="r">Montant HT</th></tr>
${rows([
    ['1', 'Révision four à sole', '>1', 'forfait', '>640,00', '>20 %', '>640,00'],
    ['2', 'Joint de porte four', '>2', 'pièce', '>38,50', '>20 %', '>77,00'],
    ['3', 'Déplacement technicien', '>84', 'km', '>0,60', '>20 %', '>50,40'],
  ])}
</table>
<table class="tot">
<tr><td>Total HT</td><td class="r">767,40 €</td></tr>
<tr><td>TVA 20 %</td><td class="r">153,48 €</td></tr>
<tr><td>Total TTC</td><td class="r">920,88 €</td></tr>
<tr><td><b>Net à payer</b></td><td class="r"><b>920,88 €</b></td></tr>
</table>
<div class="cond">Conditions de paiement : 30 jours date de facture, par virement. Escompte pour paiement anticipé : néant.
Pénalités de retard : trois fois le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €.<br>
Règlement : IBAN FR76 1027 8073 0000 0204 3120 145 – BIC CMCIFR2A (Crédit Mutuel Lyon Cordeliers)</div>`);
  return doc('invoice-s3-fr-facture', html, {
    invoice_number: 'F-2024-0388', invoice_date: '2024-10-18', delivery_date: '2024-10-15', due_date: '2024-11-17', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Atelier Guérin SARL', street: '14 rue des Tanneurs', postal_code: '69002', city: 'Lyon', country: 'France', vat_id: 'FR 47 512 338 904' },
    buyer: { name: 'Boulangerie Martin & Fils', street: '12 avenue Jean Jaurès', postal_code: '38000', city: 'Grenoble', country: 'France' },
    payment: { iban: 'FR76 1027 8073 0000 0204 3120 145', bic: 'CMCIFR2A' },
    net_total: 767.4, tax_total: 153.48, gross_total: 920.88,
    line_items: [
      { position: '1', description: 'Révision four à sole', quantity: 1, unit: 'forfait', unit_price: 640, tax_rate: 20, net_amount: 640 },
      { position: '2', description: 'Joint de porte four', quantity: 2, unit: 'pièce', unit_price: 38.5, tax_rate: 20, net_amount: 77 },
      { position: '3', description: 'Déplacement technicien', quantity: 84, unit: 'km', unit_price: 0.6, tax_rate: 20, net_amount: 50.4 },
    ],
  });
}

function deTwoPagesLabelsAbove(): HtmlInvoice {
  const html = page('de', `
body { font: 10.5pt "Liberation Sans", sans-serif; }
.letterhead { text-align: right; font-size: 8.5pt; line-height: 1.35; }
.letterhead b { font-size: 16pt; }
.sender { font-size: 6.5pt; text-decoration: underline; margin-top: 4mm; }
.window { height: 34mm; margin-top: 1mm; }
table.strip { width: 100%; border-collapse: collapse; margin: 4mm 0 6mm; } table.strip td { border: 0.5pt solid #777; padding: 1mm 2mm; }
table.strip tr:first-child td { font-size: 7pt; color: #555; border-bottom: none; } table.strip tr:last-child td { border-top: none; font-weight: bold; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
p { line-height: 1.5; }
table.items { width: 100%; border-collapse: collapse; } table.items th { border-top: 1pt solid #000; border-bottom: 1pt solid #000; text-align: left; padding: 2mm 1mm; }
table.items td { padding: 6mm 1mm; vertical-align: top; } table.items tr { break-inside: avoid; }
.r, th.r { text-align: right; }
.totals { width: 75mm; margin: 5mm 0 0 auto; } .totals div { display: flex; justify-content: space-between; padding: 0.8mm 0; } .totals .g { font-weight: bold; border-top: 1pt solid #000; }
.terms { margin-top: 8mm; }`, `
<div class="letterhead"><b>Druckerei Brinkhaus oHG</b><br>Offset · Digital · Weiterverarbeitung<br>Bleicherweg 3 · 33602 Bielefeld<br>Telefon 0521 96044-0</div>
<div class="sender">Druckerei Brinkhaus oHG, Bleicherweg 3, 33602 Bielefeld</div>
<div class="window">Sportverein Blau-Weiß Sennestadt e.V.<br>Geschäftsstelle<br>Travestraße 21<br>33689 Bielefeld</div>
<table class="strip">
<tr><td>Rechnungs-Nr.</td><td>Rechnungsdatum</td><td>Kunden-Nr.</td><td>Lieferdatum</td><td>Unsere USt-IdNr.</td></tr>
<tr><td>24-30561</td><td>04.12.2024</td><td>8817</td><td>29.11.2024</td><td>DE 126 559 802</td></tr>
</table>
<h1>Rechnung</h1>
<p>Sehr geehrte Damen und Herren,<br>vielen Dank für Ihren Druckauftrag zum Vereinsjubiläum. Die Ware wurde am 29.11.2024 an Ihre Geschäftsstelle geliefert.
Wie vereinbart haben wir das Vereinsheft als Druckschrift mit dem ermäßigten Steuersatz berechnet. Für Rückfragen zu dieser Rechnung erreichen Sie
unsere Buchhaltung montags bis freitags von 8 bis 16 Uhr.</p>
<table class="items">
<thead><tr><th>Pos.</th><th class="r">Menge</th><th>Einheit</th><th>Bezeichnung</th><th class="r">Einzelpreis €</th><th class="r">MwSt.</th><th class="r">Gesamt €</th></tr></thead>
<tbody>${rows([
    ['1', '>500', 'Stück', 'Flyer DIN lang, 4/4-farbig, 135 g', '>0,19', '>19 %', '>95,00'],
    ['2', '>250', 'Stück', 'Vereinsheft A5, 24 Seiten', '>1,86', '>7 %', '>465,00'],
    ['3', '>50', 'Stück', 'Plakat DIN A2', '>2,40', '>19 %', '>120,00'],
    ['4', '>2', 'Stück', 'Roll-up-Banner 85 x 200 cm', '>89,00', '>19 %', '>178,00'],
    ['5', '>3,5', 'Std.', 'Satz und Gestaltung', '>68,00', '>19 %', '>238,00'],
    ['6', '>300', 'Stück', 'Eintrittskarten, nummeriert', '>0,12', '>19 %', '>36,00'],
    ['7', '>1', 'pauschal', 'Datencheck', '>15,00', '>19 %', '>15,00'],
    ['8', '>1', 'pauschal', 'Lieferung frei Haus', '>12,50', '>19 %', '>12,50'],
  ])}</tbody>
</table>
<div class="totals">
<div><span>Nettobetrag</span><span>1.159,50</span></div>
<div><span>MwSt. 19 % auf 694,50</span><span>131,96</span></div>
<div><span>MwSt. 7 % auf 465,00</span><span>32,55</span></div>
<div class="g"><span>Rechnungsbetrag EUR</span><span>1.324,01</span></div>
</div>
<div class="terms"><b>Zahlungsbedingungen:</b> 10 Tage 2 % Skonto, 30 Tage netto (fällig am 03.01.2025).<br>
Bankverbindung: Volksbank Bielefeld-Gütersloh · IBAN DE18 4786 0125 0512 3340 00 · BIC GENODEM1GTL</div>`);
  return doc('invoice-s4-de-two-pages-labels-above', html, {
    invoice_number: '24-30561', invoice_date: '2024-12-04', delivery_date: '2024-11-29', due_date: '2025-01-03', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Druckerei Brinkhaus oHG', street: 'Bleicherweg 3', postal_code: '33602', city: 'Bielefeld', country: null, vat_id: 'DE 126 559 802' },
    buyer: { name: 'Sportverein Blau-Weiß Sennestadt e.V.', street: 'Travestraße 21', postal_code: '33689', city: 'Bielefeld', country: null },
    payment: { iban: 'DE18 4786 0125 0512 3340 00', bic: 'GENODEM1GTL' },
    net_total: 1159.5, tax_total: 164.51, gross_total: 1324.01,
    line_items: [
      { position: '1', description: 'Flyer DIN lang, 4/4-farbig, 135 g', quantity: 500, unit: 'Stück', unit_price: 0.19, tax_rate: 19, net_amount: 95 },
      { position: '2', description: 'Vereinsheft A5, 24 Seiten', quantity: 250, unit: 'Stück', unit_price: 1.86, tax_rate: 7, net_amount: 465 },
      { position: '3', description: 'Plakat DIN A2', quantity: 50, unit: 'Stück', unit_price: 2.4, tax_rate: 19, net_amount: 120 },
      { position: '4', description: 'Roll-up-Banner 85 x 200 cm', quantity: 2, unit: 'Stück', unit_price: 89, tax_rate: 19, net_amount: 178 },
      { position: '5', description: 'Satz und Gestaltung', quantity: 3.5, unit: 'Std.', unit_price: 68, tax_rate: 19, net_amount: 238 },
      { position: '6', description: 'Eintrittskarten, nummeriert', quantity: 300, unit: 'Stück', unit_price: 0.12, tax_rate: 19, net_amount: 36 },
      { position: '7', description: 'Datencheck', quantity: 1, unit: 'pauschal', unit_price: 15, tax_rate: 19, net_amount: 15 },
      { position: '8', description: 'Lieferung frei Haus', quantity: 1, unit: 'pauschal', unit_price: 12.5, tax_rate: 19, net_amount: 12.5 },
    ],
  });
}

function nlFactuur(): HtmlInvoice {
  const html = page('nl', `
body { font: 9.5pt "DejaVu Sans", sans-serif; }
.grid { display: grid; grid-template-columns: 1fr 1fr; column-gap: 12mm; row-gap: 6mm; }
.k { font-size: 7.5pt; text-transform: uppercase; color: #666; letter-spacing: 0.5pt; }
h1 { font-size: 20pt; font-weight: normal; margin: 0; color: #0a4a6e; }
dl { display: grid; grid-template-columns: 32mm auto; margin: 0; row-gap: 1mm; } dt { color: #555; } dd { margin: 0; }
table.items { width: 100%; border-collapse: collapse; margin-top: 8mm; } table.items th { text-align: left; color: #0a4a6e; border-bottom: 1.5pt solid #0a4a6e; padding: 1.5mm 1mm; }
table.items td { padding: 1.5mm 1mm; border-bottom: 0.3pt solid #ccc; }
.r, th.r { text-align: right; }
.tot { margin: 4mm 0 0 auto; width: 70mm; } .tot div { display: flex; justify-content: space-between; padding: 0.7mm 0; } .tot .g { font-weight: bold; font-size: 11pt; border-top: 1pt solid #0a4a6e; }
.pay { margin-top: 10mm; font-size: 8.5pt; }`, `
<div class="grid">
<div><h1>Factuur</h1></div>
<div style="text-align:right"><b>Van Dijk Installatietechniek B.V.</b><br>Havenweg 22<br>3542 AD Utrecht<br>Nederland</div>
<div><div class="k">Factuur aan</div>Huisartsenpraktijk De Linde<br>Lindelaan 5<br>3701 BK Zeist<br>Nederland</div>
<div><dl>
<dt>Factuurnummer</dt><dd>2024-1142</dd>
<dt>Factuurdatum</dt><dd>22-11-2024</dd>
<dt>Leverdatum</dt><dd>19-11-2024</dd>
<dt>Vervaldatum</dt><dd>22-12-2024</dd>
<dt>BTW-nummer</dt><dd>NL859112447B01</dd>
<dt>KvK-nummer</dt><dd>30112874</dd>
</dl></div>
</div>
<table class="items">
<tr><th>Omschrijving</th><th class="r">Aantal</th><th>Eenheid</th><th class="r">Prijs</th><th class="r">BTW</th><th class="r">Bedrag</th></tr>
${rows([
    ['CV-ketel onderhoud', '>1', 'st', '>145,00', '>21%', '>145,00'],
    ['Thermostaatkraan', '>4', 'st', '>27,50', '>21%', '>110,00'],
    ['Arbeidsloon', '>2,5', 'uur', '>62,00', '>21%', '>155,00'],
  ])}
</table>
<div class="tot">
<div><span>Subtotaal</span><span>€ 410,00</span></div>
<div><span>BTW 21%</span><span>€ 86,10</span></div>
<div class="g"><span>Totaal</span><span>€ 496,10</span></div>
</div>
<div class="pay">Gelieve het totaalbedrag vóór 22-12-2024 over te maken op IBAN NL91 RABO 0315 2764 18 (BIC RABONL2U)
ten name van Van Dijk Installatietechniek B.V., onder vermelding van het factuurnummer.</div>`);
  return doc('invoice-s5-nl-factuur-grid', html, {
    invoice_number: '2024-1142', invoice_date: '2024-11-22', delivery_date: '2024-11-19', due_date: '2024-12-22', currency: 'EUR', buyer_reference: null,
    seller: { name: 'Van Dijk Installatietechniek B.V.', street: 'Havenweg 22', postal_code: '3542 AD', city: 'Utrecht', country: 'Nederland', vat_id: 'NL859112447B01' },
    buyer: { name: 'Huisartsenpraktijk De Linde', street: 'Lindelaan 5', postal_code: '3701 BK', city: 'Zeist', country: 'Nederland' },
    payment: { iban: 'NL91 RABO 0315 2764 18', bic: 'RABONL2U' },
    net_total: 410, tax_total: 86.1, gross_total: 496.1,
    line_items: [
      { position: null, description: 'CV-ketel onderhoud', quantity: 1, unit: 'st', unit_price: 145, tax_rate: 21, net_amount: 145 },
      { position: null, description: 'Thermostaatkraan', quantity: 4, unit: 'st', unit_price: 27.5, tax_rate: 21, net_amount: 110 },
      { position: null, description: 'Arbeidsloon', quantity: 2.5, unit: 'uur', unit_price: 62, tax_rate: 21, net_amount: 155 },
    ],
  });
}

function deXrechnungOverview(): HtmlInvoice {
  const section = (title: string, cells: Array<[string, string]>): string =>
    `<section><h2>${title}</h2><table>${cells.map(([l, v]) => `<tr><td class="l">${l}</td><td>${v}</td></tr>`).join('')}</table></section>`;
  const position = (n: string, cells: Array<[string, string]>): string => section(`Position ${n}`, cells);
  const html = page('de', `
body { font: 9pt "DejaVu Sans Condensed", "DejaVu Sans", sans-serif; }
h1 { font-size: 14pt; border-bottom: 1.5pt solid #3a5a8a; padding-bottom: 1mm; }
.cols { display: flex; gap: 8mm; } .cols > section { flex: 1; }
section { margin-bottom: 4mm; break-inside: avoid; }
h2 { font-size: 9.5pt; color: #3a5a8a; margin: 0 0 1mm; }
td { padding: 0.4mm 2mm 0.4mm 0; vertical-align: top; } td.l { width: 64mm; color: #555; } .cols td.l { width: 30mm; }`, `
<h1>Rechnung – Übersicht</h1>
<div class="cols">
${section('Käufer', [['Name:', 'Landratsamt Meißen'], ['Straße:', 'Brauhausstraße 21'], ['PLZ:', '01662'], ['Ort:', 'Meißen'], ['Land:', 'DE']])}
${section('Verkäufer', [['Name:', 'Elbtal Bürosysteme GmbH'], ['Straße:', 'Meißner Straße 141'], ['PLZ:', '01445'], ['Ort:', 'Radebeul'], ['Land:', 'DE'], ['Umsatzsteuer-ID:', 'DE277305118']])}
</div>
${section('Kontakt des Verkäufers', [['Name:', 'Ines Lorenz'], ['Telefon:', '0351 8320 4410'], ['E-Mail:', 'i.lorenz@elbtal-buero.de']])}
${section('Rechnungsdaten', [['Rechnungsnummer:', 'R2024-11-0458'], ['Rechnungsdatum:', '26.11.2024'], ['Rechnungsart:', '380 (Rechnung)'], ['Währung:', 'EUR'], ['Leistungsdatum:', '21.11.2024'], ['Käuferreferenz:', '14627000-12-45']])}
${section('Gesamtbeträge', [['Summe aller Positionen netto:', '1.317,00'], ['Gesamtbetrag ohne Umsatzsteuer:', '1.317,00'], ['Summe Umsatzsteuer:', '250,23'], ['Gesamtbetrag einschließlich Umsatzsteuer:', '1.567,23'], ['Fälliger Betrag:', '1.567,23']])}
${section('Zahlungsinformationen', [['Fälligkeitsdatum:', '26.12.2024'], ['Zahlungsbedingungen:', 'Zahlbar innerhalb von 30 Tagen netto, bei Zahlung innerhalb von 10 Tagen 2 % Skonto.'], ['Kontoinhaber:', 'Elbtal Bürosysteme GmbH'], ['IBAN:', 'DE52 8505 0300 3120 0477 18'], ['BIC:', 'OSDDDE81XXX']])}
<h1>Rechnungspositionen</h1>
${position('1', [['Artikel-Nr.:', 'BM-4410'], ['Artikelname:', 'Multifunktionsdrucker A4 Farbe'], ['Menge:', '2'], ['Einheit:', 'Stück'], ['Preis pro Einheit (netto):', '489,00'], ['Umsatzsteuersatz in %:', '19'], ['Gesamtpreis (netto):', '978,00']])}
${position('2', [['Artikel-Nr.:', 'TN-0021'], ['Artikelname:', 'Tonerkartusche schwarz'], ['Menge:', '6'], ['Einheit:', 'Stück'], ['Preis pro Einheit (netto):', '39,90'], ['Umsatzsteuersatz in %:', '19'], ['Gesamtpreis (netto):', '239,40']])}
${position('3', [['Artikel-Nr.:', 'DL-0300'], ['Artikelname:', 'Einrichtung und Einweisung'], ['Menge:', '1,5'], ['Einheit:', 'Stunde'], ['Preis pro Einheit (netto):', '66,40'], ['Umsatzsteuersatz in %:', '19'], ['Gesamtpreis (netto):', '99,60']])}`);
  return doc('invoice-s6-de-xrechnung-overview', html, {
    invoice_number: 'R2024-11-0458', invoice_date: '2024-11-26', delivery_date: '2024-11-21', due_date: '2024-12-26', currency: 'EUR', buyer_reference: '14627000-12-45',
    seller: { name: 'Elbtal Bürosysteme GmbH', street: 'Meißner Straße 141', postal_code: '01445', city: 'Radebeul', country: 'DE', vat_id: 'DE277305118' },
    buyer: { name: 'Landratsamt Meißen', street: 'Brauhausstraße 21', postal_code: '01662', city: 'Meißen', country: 'DE' },
    payment: { iban: 'DE52 8505 0300 3120 0477 18', bic: 'OSDDDE81XXX' },
    net_total: 1317, tax_total: 250.23, gross_total: 1567.23,
    line_items: [
      { position: '1', description: 'Multifunktionsdrucker A4 Farbe', quantity: 2, unit: 'Stück', unit_price: 489, tax_rate: 19, net_amount: 978 },
      { position: '2', description: 'Tonerkartusche schwarz', quantity: 6, unit: 'Stück', unit_price: 39.9, tax_rate: 19, net_amount: 239.4 },
      { position: '3', description: 'Einrichtung und Einweisung', quantity: 1.5, unit: 'Stunde', unit_price: 66.4, tax_rate: 19, net_amount: 99.6 },
    ],
  });
}

export const SEALED4_HTML_INVOICES = [deWindowArticleTable, deSellerBuyerBoxes, frFacture, deTwoPagesLabelsAbove, nlFactuur, deXrechnungOverview] as const;
