import { readFileSync, writeFileSync } from 'node:fs';
import { withConfigTable } from '../config/config-docs.ts';

// `npm run docs:config`: rewrites the README's configuration table from src/config/settings.ts.
const readme = new URL('../../README.md', import.meta.url);
const before = readFileSync(readme, 'utf8');
const after = withConfigTable(before);
if (after !== before) writeFileSync(readme, after);
process.stdout.write(after === before ? 'README.md: the config table is up to date\n' : 'README.md: config table rewritten\n');
