import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSortedSchema } from '../api/schema.ts';

// `npm run schema`: regenerates the committed schema.graphql from the Pothos code.
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');
writeFileSync(target, printSortedSchema());
process.stdout.write(`wrote ${target}\n`);
