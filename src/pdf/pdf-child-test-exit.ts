/**
 * A TEST HOOK, and only that: with this variable set in the environment of the process that
 * starts a reader child (pdf-in-child.ts passes it on), the child (pdf-child.ts) exits on purpose
 * where a crash would, so tests can check what the parent makes of it (the error it throws, the
 * warning it logs) with a real process that really exits:
 * - `before-open`: exit code 3 before the child opens the document, as when Node cannot load the
 *   reader's modules;
 * - `after-open`: exit code 4 right after the child reported the document opened, as when the
 *   reader dies in the middle of the pages.
 * Each writes one line to stderr first, which the parent keeps for its warning. And
 * - `stall-before-open`: waits, before opening the document, on a promise nothing will settle, with
 *   nothing else to do, as pdf.js did on a damaged text stream: the child must end at once (exit
 *   code 13), its IPC channel no longer keeping it alive, rather than wait out the time bound.
 * - `hold-before-open`: waits there too, but kept alive by a timer, as a reader busy on a long
 *   document is, sending nothing: only its parent's end (the closed channel) or a kill ends it.
 *   It catches SIGUSR2 from then on, which a test reads in /proc (SigCgt) to know it holds.
 * Nothing in the service sets it; it is not configuration (src/config/settings.ts).
 */
export const TEST_EXIT_ENV = 'PAPERJSON_TEST_PDF_CHILD_EXIT';

/**
 * Ends (or stalls) the process the way TEST_EXIT_ENV asks, at `point`, and never settles then
 * (nothing after it runs); resolves at once otherwise.
 */
export function exitForTestAt(point: 'before-open' | 'after-open'): Promise<void> {
  if (point === 'before-open' && process.env[TEST_EXIT_ENV] === 'stall-before-open') return new Promise(() => {});
  if (point === 'before-open' && process.env[TEST_EXIT_ENV] === 'hold-before-open') {
    return new Promise(() => {
      setInterval(() => {}, 60_000);
      process.on('SIGUSR2', () => {});
    });
  }
  if (process.env[TEST_EXIT_ENV] !== point) return Promise.resolve();
  return new Promise(() => {
    process.stderr.write(`test hook ${TEST_EXIT_ENV}=${point}: exiting\n`, () => process.exit(point === 'before-open' ? 3 : 4));
  });
}
