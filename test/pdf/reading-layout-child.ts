/**
 * A process that starts reading the layout of a long PDF in a reader child (pdf-in-child.ts),
 * prints `reader <pid>` once that child runs, and keeps reading until it is killed: what a worker
 * killed mid-job looks like to its reader (pdf-in-child.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';

const doc = await PDFDocument.create({ updateMetadata: false });
const font = await doc.embedFont(StandardFonts.Helvetica);
for (let n = 1; n <= 2000; n++) doc.addPage([300, 200]).drawText(`Page ${n}`, { x: 10, y: 150, size: 10, font });
void readLayoutJsonInChild(await doc.save(), { timeoutMs: 600_000, maxMemoryMb: 256 });

const childrenOfThisProcess = () =>
  readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
const poll = setInterval(() => {
  const [reader] = childrenOfThisProcess();
  if (reader === undefined) return;
  clearInterval(poll);
  console.log(`reader ${reader}`);
}, 20);
