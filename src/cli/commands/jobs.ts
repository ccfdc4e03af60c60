import type { Command } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { formatJson, type CliIo } from '../cli-io.ts';
import type { GraphqlClient } from '../graphql-client.ts';
import type { JobStatus } from '../../domain/choices.ts';
import { CANCEL_JOB, JOB_DETAILS, LIST_JOBS } from '../operations.ts';

interface JobRow {
  id: string;
  status: JobStatus;
  createdAt: string;
  document: { filename: string };
  config: { model: string };
  progress: { completionPercentage: number };
}

export async function runJobsList(command: Extract<Command, { kind: 'jobs-list' }>, client: GraphqlClient, io: CliIo): Promise<number> {
  const variables = {
    status: command.status.length > 0 ? command.status : null,
    first: command.first ?? 20,
    after: command.after,
  };
  const { jobs } = await client.request<{ jobs: { nodes: JobRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(
    LIST_JOBS,
    variables,
  );
  if (command.json) {
    io.stdout.write(formatJson(jobs));
    return 0;
  }
  const rows = [
    ['ID', 'STATUS', 'DONE', 'MODEL', 'CREATED', 'DOCUMENT'],
    ...jobs.nodes.map((job) => [
      job.id,
      job.status,
      `${Math.round(job.progress.completionPercentage)}%`,
      job.config.model,
      job.createdAt.replace(/\.\d+Z$/, 'Z'),
      job.document.filename,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  io.stdout.write(`${lines.join('\n')}\n`);
  if (jobs.nodes.length === 0) io.stderr.write('No jobs.\n');
  if (jobs.pageInfo.hasNextPage && jobs.pageInfo.endCursor) {
    io.stderr.write(`More: paperjson jobs list --after ${jobs.pageInfo.endCursor}\n`);
  }
  return 0;
}

export async function runJobGet(command: Extract<Command, { kind: 'job-get' }>, client: GraphqlClient, io: CliIo): Promise<number> {
  const { job } = await client.request<{ job: unknown }>(JOB_DETAILS, { id: command.id });
  if (job === null) throw notFound(command.id);
  io.stdout.write(formatJson(job));
  return 0;
}

export async function runJobCancel(command: Extract<Command, { kind: 'job-cancel' }>, client: GraphqlClient, io: CliIo): Promise<number> {
  const { cancelExtractionJob: job } = await client.request<{ cancelExtractionJob: { id: string; status: JobStatus; errorMessage: string | null } }>(CANCEL_JOB, {
    jobId: command.id,
  });
  io.stdout.write(`${job.id} ${job.status}\n`);
  // Why it was cancelled and what became of its finished subtrees (job-transitions.ts cancelReason).
  if (job.status === 'CANCELLED' && job.errorMessage) io.stderr.write(`${job.errorMessage}\n`);
  if (job.status !== 'CANCELLED') io.stderr.write(`Job ${job.id} had already finished (${job.status}); it was left as it is.\n`);
  return 0;
}

function notFound(id: string): CliError {
  return new CliError('failed', `NOT_FOUND: no job ${id} for this API key.`, 'NOT_FOUND');
}
