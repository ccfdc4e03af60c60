import { sql, type Kysely } from 'kysely';

// A document's layout as json (its text, kept as written) instead of jsonb. It is written once and
// read whole by the worker before every job on the document (jobs.repository.ts, findJobForRun),
// never queried inside: jsonb re-serialised its binary tree to text on every read. Measured with
// bench/layout-read-cost.ts (a backend's CPU per read, load ~12): the bench's 2-page layout 0.67 →
// 0.28 ms (0.07 without the column), a 500-page one (17 MB) 254 → 29 ms; the text sent is also
// smaller (jsonb's output adds a space after every colon and comma: 19 → 17 MB).
//
// Existing rows convert in place (jsonb's text form: still read as the same layout). The ALTER
// rewrites the table under an exclusive lock: about 2 s per 500-page layout on a loaded 2-core
// machine (11 of them took 22 s at load 12), so a database holding many big layouts upgrades
// slowly, during which jobs wait.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table document_layouts alter column layout type json using layout::json`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table document_layouts alter column layout type jsonb using layout::jsonb`.execute(db);
}
