import type { Command } from '../args.ts';
import { formatJson, readJsonFile, type CliIo } from '../cli-io.ts';
import type { GraphqlClient } from '../graphql-client.ts';
import { VALIDATE_SCHEMA } from '../operations.ts';

interface SchemaValidation {
  valid: boolean;
  totalFields: number | null;
  errors: Array<{ path: string; message: string }>;
  warnings: Array<{ path: string; message: string }>;
}

/** Exit 0 for a valid schema (warnings included), 1 for an invalid one. */
export async function runSchemaValidate(
  command: Extract<Command, { kind: 'schema-validate' }>,
  client: GraphqlClient,
  io: CliIo,
): Promise<number> {
  const jsonSchema = await readJsonFile(io, command.file, 'schema');
  const { validateSchema: result } = await client.request<{ validateSchema: SchemaValidation }>(VALIDATE_SCHEMA, { jsonSchema });
  if (command.json) {
    io.stdout.write(formatJson(result));
    return result.valid ? 0 : 1;
  }
  const pointer = (path: string) => (path === '' ? '(root)' : path);
  const lines = [
    result.valid
      ? `${command.file}: valid, ${result.totalFields ?? 0} leaf fields`
      : `${command.file}: invalid, ${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'}`,
    ...result.errors.map((e) => `  error    ${pointer(e.path)}: ${e.message}`),
    ...result.warnings.map((w) => `  warning  ${pointer(w.path)}: ${w.message}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return result.valid ? 0 : 1;
}
