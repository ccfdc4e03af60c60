import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/**
 * A temporary folder of the test file's own, made TMPDIR for its API (call this before the
 * beforeAll that starts it: hooks run in order, and afterAll in reverse, so the folder outlives
 * the API), and the TMPDIR before it put back after. Test files run in processes of their own, so
 * this process is the API's, and its open descriptors under the folder are the uploads' files.
 */
export function uploadTemporaryFolder(prefix: string): { folder: string; openUploadFiles(): string[] } {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  const previousTmpdir = process.env.TMPDIR;
  beforeAll(() => {
    process.env.TMPDIR = folder;
  });
  afterAll(() => {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
    rmSync(folder, { recursive: true, force: true });
  });
  return {
    folder,
    /** This process's open descriptors of received uploads (their files, unlinked, read "... (deleted)"). */
    openUploadFiles() {
      const targets: string[] = [];
      for (const fd of readdirSync('/proc/self/fd')) {
        try {
          targets.push(readlinkSync(`/proc/self/fd/${fd}`));
        } catch {
          // Closed since the directory was read.
        }
      }
      return targets.filter((target) => target.startsWith(path.join(folder, 'paperjson-upload-')));
    },
  };
}
