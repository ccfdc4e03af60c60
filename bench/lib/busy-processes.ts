/**
 * Processes that keep a core busy beside a benchmark, to measure it on a loaded machine. Each
 * spins in slices of 50 ms and ends when its parent goes, even a parent that is killed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.argv[2] === '--spin') {
  process.on('disconnect', () => process.exit(0));
  const spin = () => {
    const end = Date.now() + 50;
    while (Date.now() < end) Math.sqrt(Math.random());
    setImmediate(spin);
  };
  spin();
}

export function startBusyProcesses(count: number): { stop(): void } {
  const children: ChildProcess[] = Array.from({ length: count }, () => fork(fileURLToPath(import.meta.url), ['--spin'], { stdio: 'ignore' }));
  return { stop: () => children.forEach((child) => child.kill()) };
}
