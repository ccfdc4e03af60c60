/**
 * A bench run in miniature for test/bench/ephemeral-postgres.test.ts: an ephemeral cluster with one
 * service process on it (a Node process with the cluster's DATABASE_URL, as a bench's API and
 * workers have), then it waits to be signalled or killed. Prints one JSON line once both run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { startEphemeralPostgres } from '../helpers/ephemeral-postgres.ts';

let service: ChildProcess | null = null;
const cluster = await startEphemeralPostgres('bench-test', { onSignal: async () => void service?.kill('SIGKILL') });
service = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore', env: { DATABASE_URL: cluster.postgres.url } });
cluster.recordService(service.pid);
process.stdout.write(`${JSON.stringify({ folder: cluster.folder, service: service.pid })}\n`);
setInterval(() => {}, 1000);
