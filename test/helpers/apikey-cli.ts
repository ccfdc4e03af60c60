import { spawnNode, type NodeProcess } from './spawn-node.ts';

/**
 * `npm run apikey -- <args>` (src/bin/apikey.ts) as an operator runs it, against the database
 * `databaseUrl()` names when it runs. `apikey` resolves once the process has ended, with its exit
 * code, its non-empty stdout lines and its stderr; `killAll` ends any still running (a test that
 * failed half-way).
 */
export function apikeyCli(databaseUrl: () => string) {
  const started: NodeProcess[] = [];
  return {
    async apikey(...args: string[]): Promise<{ code: number | null; lines: string[]; stderr: string }> {
      const child = spawnNode('src/bin/apikey.ts', args, { DATABASE_URL: databaseUrl() });
      started.push(child);
      const { code } = await child.exited;
      return { code, lines: child.stdout.filter((line) => line.trim() !== ''), stderr: child.stderr() };
    },
    killAll: () => Promise.all(started.map((p) => p.kill())),
  };
}
