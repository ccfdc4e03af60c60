import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toError } from '../to-error.ts';
import { CliError } from './cli-error.ts';
import type { OutputStream } from './progress-reporter.ts';

/** What a command may touch outside the server: two streams and files relative to cwd. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  cwd: string;
}

export async function readInputFile(io: CliIo, file: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path.resolve(io.cwd, file));
  } catch (error) {
    throw new CliError('failed', `Cannot read ${what} ${file}: ${toError(error).message}`);
  }
}

export async function readJsonFile(io: CliIo, file: string, what: string): Promise<unknown> {
  const bytes = await readInputFile(io, file, what);
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new CliError('failed', `${what} ${file} is not valid JSON: ${toError(error).message}`);
  }
}

export async function writeOutputFile(io: CliIo, file: string, text: string): Promise<void> {
  try {
    await writeFile(path.resolve(io.cwd, file), text);
  } catch (error) {
    throw new CliError('failed', `Cannot write ${file}: ${toError(error).message}`);
  }
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
