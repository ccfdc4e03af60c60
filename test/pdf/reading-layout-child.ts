/**
 * A process that starts reading the layout of a long PDF in a reader child (pdf-in-child.ts),
 * prints `reader <pid>` once that child runs, and keeps reading until it is killed: what a worker
 * killed mid-job looks like to its reader (pdf-in-child.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { sharedDenseContentPdf } from '../fixtures/hostile-pdfs.ts';

// 2,000 text pages written out directly: made with pdf-lib, they cost this process over 2 s of
// CPU before the reader even started.
void readLayoutJsonInChild(sharedDenseContentPdf(2000, 10), { timeoutMs: 600_000, maxMemoryMb: 256 });

const childrenOfThisProcess = () =>
  readdirSync('/proc/self/task').flatMap((tid) => readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean));
const poll = setInterval(() => {
  const [reader] = childrenOfThisProcess();
  if (reader === undefined) return;
  clearInterval(poll);
  console.log(`reader ${reader}`);
}, 20);
