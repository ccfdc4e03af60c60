import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertReachableByPostgresUser } from '../../src/db/embedded-postgres.ts';

describe('as root, a folder the postgres user cannot traverse', () => {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'pj-root-folders-'));
  const closed = path.join(parent, 'closed');
  mkdirSync(path.join(closed, 'node_modules', 'bin'), { recursive: true });
  chmodSync(parent, 0o755);
  chmodSync(closed, 0o700);
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('is named, with chmod; for the binaries the advice is to move the project, not DATA_DIR', () => {
    const message = (() => {
      try {
        assertReachableByPostgresUser(path.join(closed, 'node_modules', 'bin'), 'binaries');
      } catch (error) {
        return (error as Error).message;
      }
      return 'nothing thrown';
    })();
    expect(message).toContain(`this folder is not traversable by other users: ${closed}.`);
    expect(message).toContain(`chmod o+x ${closed}`);
    expect(message).toContain('move this project');
    expect(message).not.toContain('set DATA_DIR');
  });

  it('for the data folder the advice is DATA_DIR', () => {
    expect(() => assertReachableByPostgresUser(path.join(closed, 'db'), 'data')).toThrow(/chmod o\+x .*closed — or set DATA_DIR to a folder/);
  });

  it('is not reported when every folder is traversable', () => {
    expect(() => assertReachableByPostgresUser(path.join(parent, 'open'), 'data')).not.toThrow();
  });
});
