import { parseArgs, type ParseArgsConfig } from 'node:util';
import { toError } from '../to-error.ts';
import { usageError } from './cli-error.ts';
import { buildExtractConfig, checkExtractConfig, EXTRACT_CONFIG_OPTIONS, type ExtractConfigInput } from './extract-config.ts';
import { EXTRACT_USAGE, JOB_CANCEL_USAGE, JOB_GET_USAGE, JOBS_LIST_USAGE, MAIN_USAGE, SCHEMA_VALIDATE_USAGE } from './usage.ts';
import { JOB_STATUSES, type JobStatus } from '../domain/choices.ts';

const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';

/** Where the command sends its requests: a running server, or an embedded one started for it. */
type Connection =
  | { kind: 'remote'; url: string; apiKey: string }
  /** `laterUrl`: where `npm start` would serve the same data, for links that outlive the command. */
  | { kind: 'local'; laterUrl: string };

export type Command =
  | { kind: 'help'; text: string }
  | {
      kind: 'extract';
      connection: Connection;
      file: string;
      schema: { kind: 'file'; path: string } | { kind: 'saved'; id: string };
      out: string | null;
      jsonEvents: boolean;
      /** Print the job's plan and cost range (estimateExtraction) and stop before starting it. */
      estimateOnly: boolean;
      config: ExtractConfigInput;
    }
  | { kind: 'schema-validate'; connection: Connection; file: string; json: boolean }
  | { kind: 'jobs-list'; connection: Connection; status: JobStatus[]; first: number | null; after: string | null; json: boolean }
  | { kind: 'job-get'; connection: Connection; id: string }
  | { kind: 'job-cancel'; connection: Connection; id: string };

type Options = NonNullable<ParseArgsConfig['options']>;

const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  local: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Turns argv (without node and the script) into a Command, or throws a usage CliError. */
export function parseCommand(argv: readonly string[], env: Record<string, string | undefined>): Command {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') return { kind: 'help', text: MAIN_USAGE };
  switch (first) {
    case 'extract':
      return parseExtract(argv.slice(1), env);
    case 'schema':
      if (second === 'validate') return parseSchemaValidate(argv.slice(2), env);
      return subcommandHelp(second, SCHEMA_VALIDATE_USAGE, 'schema validate');
    case 'jobs':
      if (second === 'list') return parseJobsList(argv.slice(2), env);
      return subcommandHelp(second, JOBS_LIST_USAGE, 'jobs list');
    case 'job':
      if (second === 'get') return parseJobId('job-get', argv.slice(2), env, JOB_GET_USAGE);
      if (second === 'cancel') return parseJobId('job-cancel', argv.slice(2), env, JOB_CANCEL_USAGE);
      return subcommandHelp(second, `${JOB_GET_USAGE}\n${JOB_CANCEL_USAGE}`, 'job get ID" or "paperjson job cancel ID');
    default:
      throw usageError(`Unknown command "${first}".\n\n${MAIN_USAGE}`);
  }
}

function subcommandHelp(given: string | undefined, usage: string, expected: string): Command {
  if (given === undefined || given === '--help' || given === '-h') return { kind: 'help', text: usage };
  throw usageError(`Unknown command "${given}": expected "paperjson ${expected}".\n\n${usage}`);
}

function parse<O extends Options>(args: readonly string[], options: O, usage: string) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    const command = /^Usage: (paperjson [a-z]+(?: [a-z]+)?)/.exec(usage)?.[1] ?? 'paperjson';
    throw usageError(`${toError(error).message}\nRun "${command} --help" for the options.`);
  }
}

function connectionFrom(values: { url?: string; 'api-key'?: string; local?: boolean }, env: Record<string, string | undefined>): Connection {
  if (values.local) return { kind: 'local', laterUrl: serverUrl(values.url, env) };
  const url = serverUrl(values.url, env);
  const apiKey = values['api-key'] ?? nonEmpty(env.PAPERJSON_API_KEY);
  if (!apiKey) {
    throw usageError(
      'No API key: pass --api-key KEY or set PAPERJSON_API_KEY (the key "npm start" printed on its first run; ' +
        'more with "npm run apikey -- create --tenant NAME"), or add --local to use an embedded server.',
    );
  }
  return { kind: 'remote', url, apiKey };
}

/**
 * The GraphQL endpoint: --url, else PAPERJSON_URL, else API_URL, else the local server on PORT —
 * so the PORT a user gave `npm start` (the busy-port message asks for one) works for the CLI too.
 * A URL without a path means the server's /graphql.
 */
function serverUrl(flag: string | undefined, env: Record<string, string | undefined>): string {
  const port = nonEmpty(env.PORT);
  if (flag === undefined && !nonEmpty(env.PAPERJSON_URL) && !nonEmpty(env.API_URL) && port !== undefined && !/^\d{1,5}$/.test(port)) {
    throw usageError(`PORT must be a port number, got "${port}".`);
  }
  const [source, raw] =
    flag !== undefined ? ['--url', flag]
    : nonEmpty(env.PAPERJSON_URL) ? ['PAPERJSON_URL', nonEmpty(env.PAPERJSON_URL)!]
    : nonEmpty(env.API_URL) ? ['API_URL', nonEmpty(env.API_URL)!]
    : port ? ['PORT', `http://127.0.0.1:${port}/graphql`]
    : ['default', DEFAULT_URL];
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw usageError(`${source} "${raw}" is not a URL (expected e.g. ${DEFAULT_URL}).`);
  }
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = '/graphql';
  return parsed.toString();
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

function exactlyOnePositional(positionals: string[], what: string, usage: string): string {
  if (positionals.length !== 1) {
    throw usageError(`${positionals.length === 0 ? `Missing ${what}` : `Expected one ${what}, got: ${positionals.join(' ')}`}.\n\n${usage}`);
  }
  return positionals[0]!;
}

function parseExtract(args: readonly string[], env: Record<string, string | undefined>): Command {
  const options = {
    ...CONNECTION_OPTIONS,
    ...EXTRACT_CONFIG_OPTIONS,
    schema: { type: 'string' },
    'schema-id': { type: 'string' },
    out: { type: 'string', short: 'o' },
    'json-events': { type: 'boolean' },
    estimate: { type: 'boolean' },
  } as const satisfies Options;
  const { values, positionals } = parse(args, options, EXTRACT_USAGE);
  if (values.help) return { kind: 'help', text: EXTRACT_USAGE };
  const file = exactlyOnePositional(positionals, 'PDF file', EXTRACT_USAGE);
  if ((values.schema === undefined) === (values['schema-id'] === undefined)) {
    throw usageError(`Give exactly one of --schema FILE and --schema-id ID.\n\n${EXTRACT_USAGE}`);
  }
  return {
    kind: 'extract',
    connection: connectionFrom(values, env),
    file,
    schema: values.schema !== undefined ? { kind: 'file', path: values.schema } : { kind: 'saved', id: values['schema-id']! },
    out: values.out ?? null,
    jsonEvents: values['json-events'] ?? false,
    estimateOnly: values.estimate ?? false,
    // Checked whole before anything is read or uploaded.
    config: checkExtractConfig(buildExtractConfig(values)),
  };
}

function parseSchemaValidate(args: readonly string[], env: Record<string, string | undefined>): Command {
  const { values, positionals } = parse(args, { ...CONNECTION_OPTIONS, json: { type: 'boolean' } }, SCHEMA_VALIDATE_USAGE);
  if (values.help) return { kind: 'help', text: SCHEMA_VALIDATE_USAGE };
  const file = exactlyOnePositional(positionals, 'schema file', SCHEMA_VALIDATE_USAGE);
  return { kind: 'schema-validate', connection: connectionFrom(values, env), file, json: values.json ?? false };
}

function parseJobsList(args: readonly string[], env: Record<string, string | undefined>): Command {
  const options = {
    ...CONNECTION_OPTIONS,
    status: { type: 'string', multiple: true },
    first: { type: 'string' },
    after: { type: 'string' },
    json: { type: 'boolean' },
  } as const satisfies Options;
  const { values, positionals } = parse(args, options, JOBS_LIST_USAGE);
  if (values.help) return { kind: 'help', text: JOBS_LIST_USAGE };
  if (positionals.length > 0) throw usageError(`Unexpected argument: ${positionals.join(' ')}\n\n${JOBS_LIST_USAGE}`);
  const status = (values.status ?? []).flatMap((s) => s.split(',')).map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = status.filter((s) => !(JOB_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw usageError(`Unknown --status ${unknown.join(', ')}; expected one of ${JOB_STATUSES.join(', ')}.`);
  let first: number | null = null;
  if (values.first !== undefined) {
    first = Number(values.first);
    if (!/^\d+$/.test(values.first) || first < 1) throw usageError(`--first must be a positive whole number, got "${values.first}".`);
  }
  return { kind: 'jobs-list', connection: connectionFrom(values, env), status: status as JobStatus[], first, after: values.after ?? null, json: values.json ?? false };
}

function parseJobId(kind: 'job-get' | 'job-cancel', args: readonly string[], env: Record<string, string | undefined>, usage: string): Command {
  const { values, positionals } = parse(args, CONNECTION_OPTIONS, usage);
  if (values.help) return { kind: 'help', text: usage };
  return { kind, connection: connectionFrom(values, env), id: exactlyOnePositional(positionals, 'job ID', usage) };
}
