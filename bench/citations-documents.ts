/**
 * Documents with known truth for bench/citations.ts, drawn with pdf-lib: every value's printed
 * text and the box it was drawn in (from the font's own metrics), the extracted value as a model
 * would return it (numbers as numbers, dates as ISO), and the quote a verbatim-quoting model
 * would give.
 *
 * Two layout families:
 * - `tuning` (Helvetica): a results table with repeated codes, years and ranks next to "n/4"
 *   heats; a two-column publication list with repeated authors and "(2017)." years, titles over two
 *   lines and an arXiv id up the left margin; an invoice with amounts and dates in several formats,
 *   an address over two lines and values that are not printed (inferred).
 * - `holdout` (Times, other sizes and positions): a statement table in European number format with
 *   repeated dates and amounts, a CV with hyphenated line ends and repeated employers, and a form of
 *   label/value pairs in two columns with repeated "Yes"/"N/A" answers and a margin note read top to
 *   bottom. Measured once; never tuned on.
 */
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { amount, Canvas, GIVEN, iso, MONTHS, pick, rng, SURNAMES } from './citations-drawing.ts';
import type { BenchDocument, Family } from './citations-drawing.ts';
import { paper } from './citations-paper.ts';

export type { BenchDocument, Family, TruthValue } from './citations-drawing.ts';

// ---------------------------------------------------------------- tuning family

async function resultsTable(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const c = new Canvas(doc.addPage([612, 792]), 1, await doc.embedFont(StandardFonts.Helvetica));
  c.text('Final results, 100 m', 60, 60, 14);
  const cols = [60, 200, 270, 330, 390];
  ['Athlete', 'Nation', 'Born', 'Heat', 'Rank'].forEach((h, i) => c.text(h, cols[i]!, 90, 10));
  const rows: unknown[] = [];
  for (let i = 0; i < 14; i++) {
    const y = 108 + i * 16;
    const name = `${SURNAMES[i]} ${GIVEN[(i * 7) % GIVEN.length]}`;
    const nation = pick(r, ['JPN', 'USA', 'GBR']);
    const born = pick(r, [1993, 1995, 1996]);
    const rank = 1 + Math.floor(r() * 4);
    const heat = `${1 + Math.floor(r() * 4)}/4`;
    const p = `/rows/${i}`;
    const from = c.truth.length;
    c.row([{ pointer: `${p}/name`, value: name, printed: name }], cols[0]!, y, 10);
    c.row([{ pointer: `${p}/nation`, value: nation, printed: nation }], cols[1]!, y, 10);
    c.row([{ pointer: `${p}/born`, value: born, printed: String(born) }], cols[2]!, y, 10);
    c.text(heat, cols[3]!, y, 10);
    c.row([{ pointer: `${p}/rank`, value: rank, printed: String(rank) }], cols[4]!, y, 10);
    c.rowContext(from);
    rows.push({ name, nation, born, rank });
  }
  c.record('/event_count', 1, null, [], 'Final results, 100 m');
  return { name: `results-${seed}`, bytes: await doc.save(), value: { rows, event_count: 1 }, truth: c.truth };
}

async function publications(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([612, 792]);
  const c = new Canvas(page, 1, font);
  c.text('Publications of the Kyoto Tables Group, with a long running title line', 60, 50, 13);
  const id = `arXiv:21${String(seed % 100).padStart(2, '0')}.0${1000 + (seed % 9000)}v2`;
  page.drawText(`${id} [cs.CL] 4 Jan 2021`, { x: 30, y: 250, size: 11, font, rotate: degrees(90) });
  const idValue = id.slice('arXiv:'.length);
  const prefixW = font.widthOfTextAtSize('arXiv:', 11);
  const idW = font.widthOfTextAtSize(idValue, 11);
  // Rotated 90°: the text runs up from y = 250 (PDF), glyphs extend to the left of x = 30.
  c.record('/arxiv_id', idValue, idValue, [{ x0: 30 - 0.7 * 11, x1: 30 + 0.2 * 11, y1: 792 - 250 - prefixW, y0: 792 - 250 - prefixW - idW }]);
  const pubs: unknown[] = [];
  const titles = ['Deep tables for', 'Sparse grids in', 'Reading order of', 'Layout cues for', 'Robust parsing of', 'Citation boxes in', 'Column detection for', 'Scanned forms and'];
  const tails = ['financial statements', 'scientific papers', 'legal agreements', 'medical records'];
  for (let i = 0; i < 8; i++) {
    const col = i < 4 ? 60 : 320;
    const y = 90 + (i % 4) * 70;
    const twoLines = r() < 0.5;
    const title = `${titles[i]} ${pick(r, tails)}`;
    const p = `/pubs/${i}`;
    if (twoLines) {
      const [head, ...rest] = title.split(' ');
      const first = `${head} ${rest.slice(0, 2).join(' ')}`;
      const second = rest.slice(2).join(' ');
      const b1 = c.text(first, col, y, 10);
      const b2 = c.text(second, col, y + 12, 10);
      c.record(`${p}/title`, title, title, [b1, b2]);
    } else {
      c.row([{ pointer: `${p}/title`, value: title, printed: title }], col, y, 10);
    }
    const authors = [pick(r, SURNAMES.slice(0, 4)), pick(r, SURNAMES.slice(4, 8))];
    const year = pick(r, [2017, 2018, 2019]);
    const ay = y + 26;
    c.row(['By', { pointer: `${p}/authors/0`, value: authors[0], printed: `${authors[0]}` }], col, ay, 9);
    const x2 = col + font.widthOfTextAtSize(`By ${authors[0]} `, 9);
    c.row(['and', { pointer: `${p}/authors/1`, value: authors[1], printed: authors[1]! }], x2, ay, 9);
    const x3 = x2 + font.widthOfTextAtSize(`and ${authors[1]} `, 9);
    const yb = c.text(`(${year}).`, x3, ay, 9);
    const digitW = font.widthOfTextAtSize('(', 9);
    c.record(`${p}/year`, year, String(year), [{ ...yb, x0: yb.x0 + digitW, x1: yb.x0 + digitW + font.widthOfTextAtSize(String(year), 9) }]);
    pubs.push({ title, authors, year });
  }
  c.record('/has_abstract', false, null, [], 'Publications of the Kyoto Tables Group');
  return { name: `pubs-${seed}`, bytes: await doc.save(), value: { arxiv_id: idValue, pubs, has_abstract: false }, truth: c.truth };
}

async function invoice(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const c = new Canvas(doc.addPage([612, 792]), 1, font);
  const v: Record<string, unknown> = {};
  const put = (pointer: string, value: unknown, label: string, printed: string, y: number): void => {
    c.row([label, { pointer, value, printed }], 60, y, 10);
    v[pointer.slice(1)] = value;
  };
  c.text('INVOICE', 60, 50, 16);
  const d = 1 + Math.floor(r() * 27);
  const m = 1 + Math.floor(r() * 12);
  put('/issue_date', iso(2024, m, d), 'Issued:', `${d} ${MONTHS[m - 1]} 2024`, 80);
  put('/due_date', iso(2024, m === 12 ? 12 : m + 1, d), 'Due:', `${String(m === 12 ? 12 : m + 1).padStart(2, '0')}/${String(d).padStart(2, '0')}/2024`, 96);
  const net = Math.floor(r() * 900000) + 100000;
  put('/net', net / 100, 'Net amount USD', amount(net, 'us'), 130);
  put('/net_eur', net / 100, 'Betrag EUR', amount(net, 'eu'), 146);
  const credit = -Math.floor(r() * 90000) - 1000;
  put('/credit', credit / 100, 'Credit applied', amount(credit, 'paren'), 162);
  put('/tax_rate', 0.125, 'Tax rate', '12.5%', 178);
  put('/total_lines', 3, 'Lines:', '3', 194);
  // Address over two lines.
  const b1 = c.text('Deliver to: 12 Harbour', 300, 80, 10);
  const b2 = c.text('Road, Leith EH6 7AB', 300, 92, 10);
  const labelW = font.widthOfTextAtSize('Deliver to: ', 10);
  c.record('/address', '12 Harbour Road, Leith EH6 7AB', '12 Harbour Road, Leith EH6 7AB', [{ ...b1, x0: b1.x0 + labelW }, b2]);
  v.address = '12 Harbour Road, Leith EH6 7AB';
  c.text('Thank you for your business. Page 1 of 1', 60, 700, 9);
  c.record('/paid', false, null, [], 'Thank you for your business.');
  v.paid = false;
  return { name: `invoice-${seed}`, bytes: await doc.save(), value: v, truth: c.truth };
}

// ---------------------------------------------------------------- holdout family

async function statement(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const c = new Canvas(doc.addPage([595, 842]), 1, await doc.embedFont(StandardFonts.TimesRoman));
  c.text('Kontoauszug Nr. 7 / 2023', 50, 60, 13);
  const cols = [50, 130, 420, 500];
  ['Datum', 'Text', 'Betrag', 'Saldo'].forEach((h, i) => c.text(h, cols[i]!, 100, 9));
  const rows: unknown[] = [];
  let balance = 500000;
  for (let i = 0; i < 18; i++) {
    const y = 118 + i * 14;
    const day = 1 + Math.floor(r() * 3) + Math.floor(i / 4) * 4;
    const date = `${String(day).padStart(2, '0')}.03.2023`;
    const cents = pick(r, [-1250, -4999, 250000, -1250, -8800]);
    balance += cents;
    const text = `${pick(r, ['Miete', 'Gehalt', 'Strom', 'Karte'])} Ref ${String(100 + i)}`;
    const p = `/rows/${i}`;
    const from = c.truth.length;
    c.row([{ pointer: `${p}/date`, value: iso(2023, 3, day), printed: date }], cols[0]!, y, 9);
    c.row([{ pointer: `${p}/text`, value: text, printed: text }], cols[1]!, y, 9);
    c.row([{ pointer: `${p}/amount`, value: cents / 100, printed: amount(cents, 'eu') }], cols[2]!, y, 9);
    c.row([{ pointer: `${p}/balance`, value: balance / 100, printed: amount(balance, 'eu') }], cols[3]!, y, 9);
    c.rowContext(from);
    rows.push({ date: iso(2023, 3, day), text, amount: cents / 100, balance: balance / 100 });
  }
  c.record('/row_count', 18, null, [], 'Kontoauszug Nr. 7 / 2023');
  return { name: `statement-${seed}`, bytes: await doc.save(), value: { rows, row_count: 18 }, truth: c.truth };
}

async function cv(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const c = new Canvas(doc.addPage([595, 842]), 1, font);
  c.text('Curriculum Vitae', 70, 70, 15);
  const jobs: unknown[] = [];
  const employers = ['Acme Analytics', 'Borealis Labs'];
  for (let i = 0; i < 6; i++) {
    const y = 110 + i * 60;
    const employer = employers[i % 2]!;
    const from = 2010 + i * 2;
    const role = pick(r, ['Engineer', 'Analyst', 'Lead']);
    const p = `/jobs/${i}`;
    c.row([{ pointer: `${p}/employer`, value: employer, printed: employer }, '\u2013', { pointer: `${p}/role`, value: role, printed: role }], 70, y, 11);
    c.row(['Since', { pointer: `${p}/from`, value: from, printed: String(from) }], 400, y, 11);
    // A duty hyphenated at the line end.
    const b1 = c.text('Responsible for the develop-', 70, y + 14, 11);
    const b2 = c.text(`ment of ${pick(r, ['billing', 'search', 'reporting'])} systems.`, 70, y + 27, 11);
    const startW = font.widthOfTextAtSize('Responsible for the ', 11);
    c.record(`${p}/duty_start`, 'development', 'develop-ment', [{ ...b1, x0: b1.x0 + startW, x1: b1.x1 - font.widthOfTextAtSize('-', 11) }, { ...b2, x1: b2.x0 + font.widthOfTextAtSize('ment', 11) }]);
    jobs.push({ employer, role, from, duty_start: 'development' });
  }
  c.record('/years_experience', 12, null, [], 'Curriculum Vitae');
  return { name: `cv-${seed}`, bytes: await doc.save(), value: { jobs, years_experience: 12 }, truth: c.truth };
}

async function form(seed: number): Promise<BenchDocument> {
  const r = rng(seed);
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([595, 842]);
  const c = new Canvas(page, 1, font);
  c.text('Application form', 60, 60, 14);
  page.drawText('Form 27-B rev. 2022', { x: 570, y: 600, size: 9, font, rotate: degrees(-90) });
  const prefix = font.widthOfTextAtSize('Form ', 9);
  const code = font.widthOfTextAtSize('27-B', 9);
  c.record('/form_code', '27-B', '27-B', [{ x0: 570 - 0.2 * 9, x1: 570 + 0.7 * 9, y0: 842 - 600 + prefix, y1: 842 - 600 + prefix + code }]);
  const sections = ['applicant', 'spouse'];
  const v: Record<string, unknown> = { form_code: '27-B' };
  sections.forEach((name, s) => {
    const x = s === 0 ? 60 : 320;
    c.text(name === 'applicant' ? 'Applicant' : 'Spouse', x, 100, 11);
    const married = pick(r, ['Yes', 'No']);
    const vat = 'N/A';
    const day = 1 + Math.floor(r() * 27);
    const born = `${MONTHS[2]} ${day}${day === 1 || day === 21 ? 'st' : day === 2 || day === 22 ? 'nd' : day === 3 || day === 23 ? 'rd' : 'th'}, 19${80 + s}`;
    const entries: Array<[string, string, unknown, string]> = [
      ['Married:', 'married', married, married],
      ['VAT id:', 'vat_id', vat, vat],
      ['Resident:', 'resident', 'Yes', 'Yes'],
      ['Born:', 'born', iso(1980 + s, 3, day), born],
      ['Share:', 'share', 0.5, '50%'],
    ];
    const obj: Record<string, unknown> = {};
    entries.forEach(([label, key, value, printed], i) => {
      c.row([label, { pointer: `/${name}/${key}`, value, printed }], x, 120 + i * 16, 10);
      obj[key] = value;
    });
    v[name] = obj;
  });
  return { name: `form-${seed}`, bytes: await doc.save(), value: v, truth: c.truth };
}

export async function benchDocuments(family: Family): Promise<BenchDocument[]> {
  if (family === 'tuning') {
    const seeds = [11, 12, 13];
    return [
      ...(await Promise.all(seeds.map(resultsTable))),
      ...(await Promise.all(seeds.map(publications))),
      ...(await Promise.all(seeds.map(invoice))),
      ...(await Promise.all(seeds.map(paper))),
    ];
  }
  const seeds = [901, 902, 903];
  return [...(await Promise.all(seeds.map(statement))), ...(await Promise.all(seeds.map(cv))), ...(await Promise.all(seeds.map(form)))];
}
