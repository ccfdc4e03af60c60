/**
 * The table sets: `tables` (tuning) and `tables-sealed` (sealed holdout, measured once at the end
 * of the round it was made for). Both mix the three rulings, left- and right-aligned numbers,
 * English and German formats, empty cells and a scanned-looking text layer; the sealed tables use
 * other subjects, column counts and widths than the tuning ones.
 */
import type { TableColumn, TableSpec } from './table-documents.ts';

const text = (header: string, width: number): TableColumn => ({ header, kind: 'text', align: 'left', width });
const num = (header: string, width: number, align: TableColumn['align'] = 'right'): TableColumn => ({ header, kind: 'number', align, width });
const date = (header: string, width: number, align: TableColumn['align'] = 'left'): TableColumn => ({ header, kind: 'date', align, width });

export const TUNING_TABLES: TableSpec[] = [
  {
    id: 'table-t1-grid-inventory', title: 'Stock count', prose: 'Counted at the close of the quarter.', note: 'Counts by the warehouse team.',
    ruling: 'grid', scanned: false, format: 'en',
    columns: [text('SKU', 60), text('Item', 110), num('On|hand', 60), num('Unit|cost', 70), num('Value', 80)],
    rows: [
      ['A-1001', 'Hex bolt M8 x 40', '1,250', '0.18', '225.00'],
      ['A-1002', 'Washer M8', '4,000', '0.02', '80.00'],
      ['B-2040', 'Cable tie 200 mm', '900', '0.05', '45.00'],
      ['C-3300', 'Hinge, stainless', '64', '3.75', '240.00'],
      ['C-3301', 'Drawer slide 450 mm, full extension, soft close', '32', '11.40', '364.80'],
    ],
  },
  {
    id: 'table-t2-rows-timesheet', title: 'Timesheet – week 14', prose: 'Hours booked per task.', note: 'Approved by the project lead.',
    ruling: 'rows', scanned: false, format: 'en',
    columns: [date('Date', 80), text('Task', 150), text('Person', 90), num('Hours', 60, 'center')],
    rows: [
      ['04/01/2024', 'Site survey', 'J. Patel', '6.5'],
      ['04/02/2024', 'Drawings, revision B after the client asked for a second stair', 'J. Patel', '7'],
      ['04/02/2024', 'Client call', 'M. Okafor', '1.5'],
      ['04/03/2024', 'Structural check', 'M. Okafor', '8'],
      ['04/04/2024', 'Report', 'J. Patel', '5.25'],
      ['04/05/2024', 'Review', '', '2'],
    ],
  },
  {
    id: 'table-t3-none-pricelist-de', title: 'Preisliste 2024', prose: 'Alle Preise in Euro zuzüglich Umsatzsteuer.', note: 'Gültig bis auf Widerruf.',
    ruling: 'none', scanned: false, format: 'de',
    columns: [text('Artikel', 55), text('Bezeichnung', 150), text('Einheit', 45), num('Preis|netto', 60)],
    rows: [
      ['100-01', 'Kupferrohr 15 mm', 'm', '8,90'],
      ['100-02', 'Kupferrohr 22 mm', 'm', '13,40'],
      ['200-10', 'Pressfitting Bogen 90°', 'Stk', '4,15'],
      ['200-11', 'Pressfitting T-Stück', 'Stk', '6,80'],
      ['300-05', 'Absperrhahn DN 20', 'Stk', '1.024,00'],
    ],
  },
  {
    id: 'table-t4-none-left-numbers', title: 'Sensor readings', prose: 'Hourly averages from station 3.', note: 'Values below the detection limit are left empty.',
    ruling: 'none', scanned: true, format: 'en',
    columns: [text('Time', 70), num('Temperature', 100, 'left'), num('Humidity', 90, 'left'), num('Pressure', 90, 'left')],
    rows: [
      ['08:00', '12.4', '81', '1013.2'],
      ['09:00', '13.9', '77', '1013.0'],
      ['10:00', '15.2', '', '1012.7'],
      ['11:00', '16.8', '66', '1012.1'],
      ['12:00', '17.5', '61', '1011.8'],
    ],
  },
  {
    id: 'table-t5-grid-grades-fr', title: 'Relevé de notes', prose: 'Semestre de printemps.', note: 'Notes sur 20.',
    ruling: 'grid', scanned: true, format: 'de',
    columns: [text('Matière', 160), text('Enseignant', 130), num('Coefficient', 80), num('Note', 60)],
    rows: [
      ['Mathématiques', 'Mme Laurent', '4', '15,5'],
      ['Physique-chimie', 'M. Garnier', '3', '13'],
      ['Histoire', 'Mme Roux', '2', '16,25'],
      ['Anglais', 'M. Fabre', '2', '14'],
    ],
  },
  {
    id: 'table-t6-rows-shipments', title: 'Shipments dispatched', prose: 'All consignments leaving the Leeds depot in March.', note: 'Weights include packaging.',
    ruling: 'rows', scanned: false, format: 'en',
    columns: [text('Consignment', 90), date('Dispatched', 80), text('Destination', 140), num('Parcels', 60), num('Weight|kg', 75)],
    rows: [
      ['CN-55120', '2023-03-02', 'Glasgow', '12', '184.5'],
      ['CN-55121', '2023-03-02', 'Cardiff', '3', '41.0'],
      ['CN-55133', '2023-03-09', 'Belfast', '28', '402.75'],
      ['CN-55140', '2023-03-16', 'Newcastle upon Tyne via the Gateshead cross-dock', '7', '96.2'],
    ],
  },
  {
    id: 'table-t7-none-right-de-dates', title: 'Kontobewegungen', prose: 'Umsätze vom 01.02.2022 bis 28.02.2022.', note: 'Alle Beträge in EUR.',
    ruling: 'none', scanned: false, format: 'de',
    columns: [date('Buchungstag', 80, 'center'), text('Verwendungszweck', 160), num('Betrag', 90)],
    rows: [
      ['01.02.2022', 'Miete Februar', '-950,00'],
      ['03.02.2022', 'Gehalt Januar', '3.210,44'],
      ['14.02.2022', 'Stadtwerke Abschlag', '-84,00'],
      ['21.02.2022', 'Kartenzahlung Baumarkt Kassel Filiale 0412 Beleg 7781', '-129,95'],
    ],
  },
  {
    id: 'table-t8-grid-exchange', title: 'Reference exchange rates', prose: 'Rates against one euro.', note: 'Source: internal treasury desk.',
    ruling: 'grid', scanned: false, format: 'en',
    columns: [text('Currency', 120), text('Code', 60), num('Rate', 90), num('Change', 80)],
    rows: [
      ['US dollar', 'USD', '1.0842', '-0.0031'],
      ['Japanese yen', 'JPY', '161.27', '0.44'],
      ['Pound sterling', 'GBP', '0.8571', '0.0012'],
      ['Swiss franc', 'CHF', '0.9788', ''],
      ['Swedish krona', 'SEK', '11.2035', '-0.0419'],
    ],
  },
  {
    id: 'table-t9-none-grouped-regions', title: 'Sales by region', prose: 'Second half of the year, in US dollars.', note: 'A region is printed once, on its first row.',
    ruling: 'none', scanned: false, format: 'en',
    columns: [text('Region', 70), text('Product line', 120), num('Units', 55), num('Revenue', 80), num('Margin', 55)],
    rows: [
      ['North', 'Garden tools', '1,204', '$48,160.00', '31.5%'],
      ['', 'Power tools', '387', '$61,920.00', '24%'],
      ['South', 'Garden tools', '2,015', '$80,600.00', '29.8%'],
      ['', 'Fasteners', '9,870', '$14,805.00', '41.2%'],
      ['', 'Power tools', '402', '$64,320.00', '23.9%'],
    ],
  },
  {
    id: 'table-t10-rows-wide-tight', title: 'Batch records', prose: 'Line 2, night shift.', note: 'Times are local.',
    ruling: 'rows', scanned: true, format: 'en',
    columns: [text('Batch', 50), text('Recipe', 70), date('Start', 62), num('Qty', 38), num('Scrap', 40), num('Temp', 38), text('Operator', 62), text('Status', 55)],
    rows: [
      ['B-771', 'Rye 750', '2024-06-03', '480', '6', '231', 'H. Ito', 'Released'],
      ['B-772', 'Spelt 500', '2024-06-03', '520', '11', '228', 'H. Ito', 'Held'],
      ['B-773', 'Rye 750', '2024-06-04', '476', '2', '230', 'C. Diaz', 'Released'],
      ['B-774', 'Oat 400', '2024-06-04', '610', '', '226', 'C. Diaz', 'Released'],
    ],
  },
  {
    id: 'table-t11-grid-right-headers-de', title: 'Reisekostenabrechnung', prose: 'Dienstreise nach Hamburg, Kostenstelle 4410.', note: 'Belege liegen bei.',
    ruling: 'grid', scanned: false, format: 'de',
    columns: [date('Datum', 75), text('Beleg', 180), { header: 'Netto', kind: 'number', align: 'right', width: 70 }, { header: 'MwSt', kind: 'number', align: 'right', width: 60 }, { header: 'Brutto', kind: 'number', align: 'right', width: 70 }],
    rows: [
      ['12.09.2023', 'Bahnfahrt Kassel – Hamburg, 2. Klasse', '84,03', '15,97', '100,00'],
      ['12.09.2023', 'Hotel am Hafen, eine Übernachtung', '112,15', '7,85', '120,00'],
      ['13.09.2023', 'Taxi', '21,01', '3,99', '25,00'],
    ],
  },
];

export const SEALED_TABLES: TableSpec[] = [
  {
    id: 'table-s1-grid-library', title: 'Loans overdue', prose: 'Items not returned by the due date.', note: 'Reminders were sent by e-mail.',
    ruling: 'grid', scanned: true, format: 'en',
    columns: [text('Borrower', 90), text('Title', 130), date('Due|date', 80, 'center'), num('Fine', 60)],
    rows: [
      ['R. Adeyemi', 'The Making of the English Landscape', '11/14/2023', '2.40'],
      ['L. Novak', 'A Pattern Language', '11/20/2023', '1.20'],
      ['S. Brennan', 'Gödel, Escher, Bach', '12/01/2023', '0.60'],
      ['T. Lindqvist', 'Silent Spring', '12/03/2023', ''],
    ],
  },
  {
    id: 'table-s2-none-energy-de', title: 'Zählerstände', prose: 'Ablesung der Hausverwaltung.', note: 'Verbrauch in kWh.',
    ruling: 'none', scanned: false, format: 'de',
    columns: [text('Wohnung', 70), text('Zähler', 60), num('Stand|alt', 70), num('Stand|neu', 70), num('Verbrauch', 70, 'center')],
    rows: [
      ['EG links', 'Z-4471', '12.480', '13.905', '1.425'],
      ['EG rechts', 'Z-4472', '9.102', '10.010', '908'],
      ['1. OG', 'Z-4473', '20.377', '22.641', '2.264'],
      ['Dach', 'Z-4474', '3.050', '3.512', '462'],
    ],
  },
  {
    id: 'table-s3-rows-fleet', title: 'Fleet mileage', prose: 'Odometer readings at the monthly check.', note: 'Van 4 was in the workshop.',
    ruling: 'rows', scanned: true, format: 'en',
    columns: [text('Vehicle', 60), text('Driver', 100), num('Start', 70, 'left'), num('End', 70, 'left'), num('Fuel|litres', 70)],
    rows: [
      ['Van 1', 'D. Moreau', '41,020', '43,388', '212.6'],
      ['Van 2', 'K. Hughes', '18,775', '20,101', '131.0'],
      ['Van 3', 'A. Rossi', '77,310', '78,962', '160.4'],
      ['Van 4', '', '55,004', '55,004', ''],
    ],
  },
  {
    id: 'table-s4-none-menu-fr', title: 'Carte des vins', prose: 'Prix par bouteille, service compris.', note: 'Millésimes selon disponibilité.',
    ruling: 'none', scanned: false, format: 'de',
    columns: [text('Appellation', 120), text('Domaine', 120), num('Millésime', 60, 'center'), num('Prix', 60)],
    rows: [
      ['Chablis Premier Cru', 'Domaine Billaud', '2019', '48,00'],
      ['Saint-Joseph', 'Domaine Courbis', '2018', '39,50'],
      ['Bandol rosé, cuvée des restanques', 'Château de Pibarnon', '2021', '34,00'],
      ['Sauternes', 'Château Guiraud', '2015', '72,00'],
    ],
  },
  {
    id: 'table-s5-none-grouped-courses', title: 'Course timetable', prose: 'Autumn term, main building.', note: 'A day is printed once, on its first course.',
    ruling: 'none', scanned: true, format: 'en',
    columns: [text('Day', 60), text('Course', 130), text('Room', 50), num('Seats', 45), num('Fee', 65)],
    rows: [
      ['Monday', 'Watercolour for beginners', 'B12', '14', '$120.00'],
      ['', 'Conversational Italian', 'A03', '18', '$95.00'],
      ['Tuesday', 'Woodturning', 'W1', '6', '$210.00'],
      ['', 'Bookkeeping basics', 'A05', '20', '$80.00'],
    ],
  },
  {
    id: 'table-s6-rows-wide-tight-de', title: 'Prüfprotokoll', prose: 'Stichprobe aus der Wareneingangsprüfung.', note: 'Maße in mm.',
    ruling: 'rows', scanned: false, format: 'de',
    columns: [text('Teil', 50), text('Los', 50), date('Geprüft', 62), num('Soll', 40), num('Ist', 40), num('Abw', 38), text('Prüfer', 60), text('Ergebnis', 55)],
    rows: [
      ['W-12', 'L0931', '04.10.2023', '12,00', '12,02', '0,02', 'Kraus', 'i.O.'],
      ['W-12', 'L0932', '04.10.2023', '12,00', '11,91', '-0,09', 'Kraus', 'n.i.O.'],
      ['F-7', 'L1201', '05.10.2023', '40,50', '40,48', '-0,02', 'Lenz', 'i.O.'],
    ],
  },
];
