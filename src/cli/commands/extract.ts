import path from 'node:path';
import type { Command } from '../args.ts';
import { CliError } from '../cli-error.ts';
import { formatJson, readInputFile, readJsonFile, writeOutputFile, type CliIo } from '../cli-io.ts';
import { followJob } from '../follow-job.ts';
import type { GraphqlClient } from '../graphql-client.ts';
import type { JobStatus } from '../../domain/choices.ts';
import type { JobEventJson, UsageJson } from '../job-events.ts';
import { DELETE_DOCUMENT, ESTIMATE_EXTRACTION, JOB_RESULT, START_EXTRACTION_JOB, VALIDATE_SCHEMA } from '../operations.ts';
import { createProgressReporter } from '../progress-reporter.ts';
import { toError } from '../../to-error.ts';

interface JobResult {
  id: string;
  status: JobStatus;
  errorMessage: string | null;
  results: unknown;
  metadata: { usage: UsageJson; costUsd: number | null; durationMs: number | null; numPagesExtracted: number; warnings: string[]; model: string; failedPaths: string[] };
}

/** Exit code of a job that COMPLETED without some field groups: the results are printed but partial. */
const EXIT_PARTIAL = 3;

/**
 * upload → start → follow the event stream → fetch the results. The stream only tells that the
 * job ended; the results come from `job(id)` so the output is exactly what the API stores.
 */
export async function runExtract(command: Extract<Command, { kind: 'extract' }>, client: GraphqlClient, io: CliIo): Promise<number> {
  const pdf = await readInputFile(io, command.file, 'PDF');
  const schema =
    command.schema.kind === 'file'
      ? { jsonSchema: await readJsonFile(io, command.schema.path, 'schema') }
      : { schemaId: command.schema.id };

  if (command.schema.kind === 'file') await assertValidSchema(client, schema.jsonSchema, command.schema.path);

  const document = await client.uploadDocument(pdf, path.basename(command.file));
  io.stderr.write(`Uploaded ${document.filename}: ${document.pageCount} page${document.pageCount === 1 ? '' : 's'} (${document.textPageCount} with text), document ${document.id}\n`);

  // Until a job runs on it the document is only this command's: a refused estimate or start (a
  // page range past its end, a model the server has no key for) deletes it again, and so does
  // --estimate. Once a job exists the document is the job's: its review page shows the PDF.
  let started: { startExtractionJob: { jobId: string; status: JobStatus; job: { config: { model: string; extractionTarget: string } } } };
  let starting = false;
  try {
    const { estimateExtraction: estimate } = await client.request<{ estimateExtraction: Estimate }>(ESTIMATE_EXTRACTION, {
      documentId: document.id,
      ...schema,
      config: command.config,
    });
    if (command.estimateOnly) {
      await client.request(DELETE_DOCUMENT, { id: document.id });
      io.stdout.write(formatJson(estimate));
      return 0;
    }
    io.stderr.write(`${describeEstimate(estimate)}\n`);
    starting = true;
    started = await client.request(START_EXTRACTION_JOB, { input: { documentId: document.id, ...schema, config: command.config } });
  } catch (error) {
    // A start the server answered with an error started nothing; one it did not answer may have.
    const jobMayExist = starting && !(error instanceof CliError && error.code !== null);
    await deleteUnusedUpload(client, document.id, jobMayExist, io);
    throw error;
  }
  const { jobId, job } = started.startExtractionJob;
  const onInterrupt =
    command.connection.kind === 'local'
      ? 'Ctrl-C stops the embedded server and the job resumes the next time a server runs on this data'
      : 'Ctrl-C leaves it running on the server';
  io.stderr.write(`Started job ${jobId} (model ${job.config.model}, ${job.config.extractionTarget}); ${onInterrupt}.\n`);

  const reporter = command.jsonEvents ? null : createProgressReporter(io.stderr);
  const onEvent = (event: JobEventJson) => {
    if (reporter) reporter.onEvent(event);
    else io.stdout.write(`${JSON.stringify(event)}\n`);
  };
  try {
    await followJob({ url: client.url, apiKey: client.apiKey, jobId, onEvent });
  } finally {
    reporter?.finish();
  }

  const { job: result } = await client.request<{ job: JobResult | null }>(JOB_RESULT, { id: jobId });
  if (!result) throw new CliError('failed', `Job ${jobId} disappeared before its results were read.`, 'NOT_FOUND');
  // Printed for failed jobs too: the page shows what was extracted, and where.
  io.stderr.write(
    command.connection.kind === 'local'
      ? `Review it on the PDF (while "npm start" runs on this data): ${new URL(reviewPath(jobId), command.connection.laterUrl)}\n`
      : `Review it on the PDF: ${new URL(reviewPath(jobId), client.url)}\n`,
  );
  if (result.status !== 'COMPLETED') {
    throw new CliError('failed', `Job ${jobId} ${result.status}${result.errorMessage ? `: ${result.errorMessage}` : ''}`);
  }
  for (const warning of result.metadata.warnings) io.stderr.write(`warning: ${warning}\n`);
  const { usage, durationMs, costUsd, model } = result.metadata;
  io.stderr.write(
    `Completed in ${((durationMs ?? 0) / 1000).toFixed(1)} s with ${model}: ${usage.totalTokens.toLocaleString('en-US')} tokens, ` +
      `${usage.modelCalls} model calls, ${costUsd === null ? 'cost unknown' : `$${costUsd.toFixed(4)}`}\n`,
  );
  const output = formatJson(result.results);
  if (command.out) {
    await writeOutputFile(io, command.out, output);
    io.stderr.write(`Wrote ${command.out}\n`);
  } else if (!command.jsonEvents) {
    io.stdout.write(output);
  }
  // Partial results are still written (they are what the server stores), but a script must not
  // take them for whole ones: a last warning line and a distinct exit code say what is missing.
  if (result.metadata.failedPaths.length > 0) {
    io.stderr.write(`warning: incomplete result: ${result.errorMessage ?? `failed: ${result.metadata.failedPaths.join(', ')}`}\n`);
    return EXIT_PARTIAL;
  }
  return 0;
}

interface Estimate {
  model: string;
  totalSubtrees: number;
  sections: number;
  modelCalls: number;
  inputTokensMin: number;
  inputTokensMax: number;
  outputTokensMin: number;
  outputTokensMax: number;
  costUsdMin: number | null;
  costUsdMax: number | null;
  warnings: string[];
}

/** One line: what the job will do and what it may cost, before it starts. */
function describeEstimate(e: Estimate): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const cost = e.costUsdMin === null || e.costUsdMax === null ? 'cost unknown' : `$${e.costUsdMin.toFixed(4)} to $${e.costUsdMax.toFixed(4)}`;
  return (
    `Estimate (${e.model}): ${e.totalSubtrees} field group${e.totalSubtrees === 1 ? '' : 's'} over ${e.sections} section${e.sections === 1 ? '' : 's'}, ` +
    `${e.modelCalls} model call${e.modelCalls === 1 ? '' : 's'}, input ${n(e.inputTokensMin)}–${n(e.inputTokensMax)} tokens, ` +
    `output ${n(e.outputTokensMin)}–${n(e.outputTokensMax)} tokens, ${cost}`
  );
}

/** The review page of a job, served by the API beside /graphql (the key goes in as for GraphiQL). */
function reviewPath(jobId: string): string {
  return `/jobs/${encodeURIComponent(jobId)}/review`;
}

/**
 * Deletes this command's upload after a failure before any job ran on it, and says so. A failed
 * delete is told, not thrown over the failure the user needs to see.
 */
async function deleteUnusedUpload(client: GraphqlClient, documentId: string, jobMayExist: boolean, io: CliIo): Promise<void> {
  if (jobMayExist) {
    io.stderr.write(`The uploaded document ${documentId} is kept: the server did not answer, so a job may have started on it.\n`);
    return;
  }
  try {
    await client.request(DELETE_DOCUMENT, { id: documentId });
    io.stderr.write(`Deleted the uploaded document ${documentId}: no job was started on it.\n`);
  } catch (error) {
    io.stderr.write(`Could not delete the uploaded document ${documentId} (${toError(error).message}); delete it with deleteDocument.\n`);
  }
}

/** A schema the server would refuse is reported before the PDF is uploaded. */
async function assertValidSchema(client: GraphqlClient, jsonSchema: unknown, file: string): Promise<void> {
  const { validateSchema } = await client.request<{ validateSchema: { valid: boolean; errors: Array<{ path: string; message: string }> } }>(
    VALIDATE_SCHEMA,
    { jsonSchema },
  );
  if (validateSchema.valid) return;
  const problems = validateSchema.errors.map((e) => `  ${e.path === '' ? '(root)' : e.path}: ${e.message}`);
  throw new CliError('failed', [`UNPROCESSABLE: the schema for ${file} is invalid:`, ...problems].join('\n'), 'UNPROCESSABLE');
}
