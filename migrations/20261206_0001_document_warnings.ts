import { sql, type Kysely } from 'kysely';

// What an upload could not read (a page that could not be read, said once per page), kept with the
// document so that a client sees it on the Document, not only in the jobs run on it.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('documents')
    .addColumn('warnings', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('warnings').execute();
}
