import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';

/**
 * Puts a copy of the run's initialised, stopped embedded cluster (global-setup.ts) at `dir`, with
 * its password file (`dir.secret`, where startEmbeddedPostgres looks for it): starting it then
 * skips initdb, which took 3-6 s on this project's 2-core machine against well under 1 s for the
 * copy. `cp -a` keeps the ownership of the `postgres` user, which runs the server when we are root.
 */
export function copyInitialisedCluster(dir: string): void {
  const template = inject('initialisedClusterDir');
  execFileSync('cp', ['-a', template, dir]);
  execFileSync('cp', ['-a', `${template}.secret`, `${dir}.secret`]);
}
