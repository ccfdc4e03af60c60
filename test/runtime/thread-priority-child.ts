/**
 * A request-thread entry for request-threads.test.ts: answers each message with this thread's
 * nice value (field 19 of /proc/thread-self/stat), as the kernel schedules it, and its id; and
 * says on a broadcast channel when it has been loaded.
 */
import { readFileSync } from 'node:fs';
import { BroadcastChannel, parentPort, threadId } from 'node:worker_threads';

parentPort!.on('message', ({ id }: { id: number }) => {
  const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ');
  parentPort!.postMessage({ id, nice: Number(fields[16]), threadId });
});

const loaded = new BroadcastChannel('request-thread-loaded');
loaded.postMessage(threadId);
loaded.close();
