import { toError } from '../to-error.ts';
import { parseCommand, type Command } from './args.ts';
import { CliError } from './cli-error.ts';
import type { CliIo } from './cli-io.ts';
import { runExtract } from './commands/extract.ts';
import { runJobCancel, runJobGet, runJobsList } from './commands/jobs.ts';
import { runSchemaValidate } from './commands/schema-validate.ts';
import { createGraphqlClient, type GraphqlClient } from './graphql-client.ts';

/** A paperjson server started for one command (`--local`). */
export interface LocalServer {
  url: string;
  apiKey: string;
  stop(): Promise<void>;
}

export interface CliDeps extends CliIo {
  env: Record<string, string | undefined>;
  startLocalServer(io: CliIo): Promise<LocalServer>;
  /** Called with the stop function of a local server while it runs, so Ctrl-C can stop it. */
  onLocalServer?(stop: (() => Promise<void>) | null): void;
}

/** Runs one command and returns the process exit code: 0 ok, 1 failed, 2 bad command line, 3 partial result. */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<number> {
  let local: LocalServer | null = null;
  try {
    const command = parseCommand(argv, deps.env);
    if (command.kind === 'help') {
      deps.stdout.write(command.text);
      return 0;
    }
    let client: GraphqlClient;
    if (command.connection.kind === 'local') {
      deps.stderr.write('Starting an embedded paperjson server for this command...\n');
      local = await deps.startLocalServer(deps);
      deps.onLocalServer?.(local.stop);
      client = createGraphqlClient({ url: local.url, apiKey: local.apiKey });
    } else {
      client = createGraphqlClient(command.connection);
    }
    return await dispatch(command, client, deps);
  } catch (error) {
    if (error instanceof CliError) {
      deps.stderr.write(`paperjson: ${error.message}\n`);
      return error.exitCode;
    }
    deps.stderr.write(`paperjson: unexpected error: ${toError(error).stack ?? toError(error).message}\n`);
    return 1;
  } finally {
    if (local) {
      deps.onLocalServer?.(null);
      await local.stop().catch((error) => deps.stderr.write(`paperjson: stopping the embedded server failed: ${toError(error).message}\n`));
    }
  }
}

function dispatch(command: Exclude<Command, { kind: 'help' }>, client: GraphqlClient, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'extract':
      return runExtract(command, client, io);
    case 'schema-validate':
      return runSchemaValidate(command, client, io);
    case 'jobs-list':
      return runJobsList(command, client, io);
    case 'job-get':
      return runJobGet(command, client, io);
    case 'job-cancel':
      return runJobCancel(command, client, io);
  }
}
