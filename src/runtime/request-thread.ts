/**
 * Every request thread starts here (runtime/request-threads.ts): it lowers its own scheduling
 * priority, then loads the module that answers its messages (`workerData.entry`).
 *
 * Why: a heavy check keeps a core busy for a second or more, and on a small machine (2 cores,
 * shared with Postgres) the API's event loop then waits for the CPU behind it, so every other
 * client's request is slower. With this thread at a lower priority the scheduler runs the API's
 * thread, and Postgres, first whenever they have work, and the heavy request takes the CPU that
 * is left (it only gets slower when the machine is busy). On Linux the nice value is a property
 * of each thread (man 2 setpriority, NOTES), set here on this thread's id; elsewhere, or if the
 * system refuses, the thread runs at the process's priority as before. Lowering a priority
 * needs no privilege.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';

/** 0 is normal, 19 the lowest: 10 gives this thread about a tenth of a normal thread's share when both want the CPU. */
const REQUEST_THREAD_NICE = 10;

function lowerThisThreadPriority(): void {
  try {
    // "<pid>/task/<tid>": this thread's id, which setpriority accepts in place of a process id.
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, REQUEST_THREAD_NICE);
  } catch {
    // Not Linux, or no /proc: run at the process's priority.
  }
}

lowerThisThreadPriority();
await import((workerData as { entry: string }).entry);
