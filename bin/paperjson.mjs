#!/usr/bin/env node
// The `paperjson` command. The CLI is TypeScript run by Node 24's native type stripping, so an
// older Node is stopped here with a way forward instead of a syntax error.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(
    `paperjson needs Node 24 or newer; this is Node ${process.versions.node} (${process.execPath}).\n` +
      'Inside the project, run it through npm so the Node 24 the project installs is used:\n' +
      '  npx paperjson --help      or      npm run cli -- --help\n' +
      'or install Node 24 (https://nodejs.org) and run it again.\n',
  );
  process.exit(1);
}
// V8's code cache on disk (NODE_COMPILE_CACHE if set, else node-compile-cache in the OS temp
// folder, the one the PDF readers use: src/pdf/pdf-in-thread.ts): once cached, `paperjson --help`
// took 0.26-0.28 s of CPU against 0.57-0.61 without (three runs each, load ~9). Node checks each
// entry against its file's content, so an edited source is compiled afresh.
(await import('node:module')).enableCompileCache();
await import('../src/bin/cli.ts');
