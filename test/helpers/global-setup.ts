import path from 'node:path';
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { ownedFolder, startEphemeralPostgres, type EphemeralPostgres } from './ephemeral-postgres.ts';
import { createMigratedTemplate } from './migrated-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the Postgres this test run uses. */
    adminDatabaseUrl: string;
    /** The migrated database that test databases are copies of (migrated-template.ts). */
    migratedTemplateDatabase: string;
    /** A stopped, initialised embedded cluster that tests copy rather than run initdb (initialised-cluster.ts). */
    initialisedClusterDir: string;
  }
}

let embedded: EphemeralPostgres | null = null;

/**
 * One Postgres per test run: the server in DATABASE_URL when it is set, otherwise an embedded
 * one whose data lives under the OS temp folder (CI clones to a path we do not choose, and the
 * `postgres` user must be able to reach the data folder). Each test file makes its own database.
 *
 * On it, one migrated template database that test databases are copied from (migrated-template.ts).
 *
 * Also one initialised, stopped cluster, made beside it: the few files that need a Postgres of
 * their own (to restart it, or to run `npm start` on it) copy it instead of each running initdb.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Both folders are owned by this process (ephemeral-postgres.ts): a vitest killed before its
  // teardown leaves them, and the running cluster, to the next run's sweep.
  const parent = await ownedFolder('test');
  const initialised = path.join(parent, 'initialised', 'pg');
  const external = process.env.DATABASE_URL?.trim();
  // The template is migrated while the initialised cluster is still being made.
  const sharedStarted = external ? Promise.resolve(null) : startEphemeralPostgres('test');
  const adminUrl = sharedStarted.then((shared) => external || shared!.postgres.url);
  const [, shared, template] = await Promise.all([
    startEmbeddedPostgres({ dir: initialised }).then((cluster) => cluster.stop()),
    sharedStarted,
    adminUrl.then(createMigratedTemplate),
  ]);
  embedded = shared;
  project.provide('adminDatabaseUrl', await adminUrl);
  project.provide('migratedTemplateDatabase', template.name);
  project.provide('initialisedClusterDir', initialised);
  return async () => {
    try {
      await template.drop();
    } finally {
      await embedded?.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  };
}
