import { appendPointer, getAtPointer } from '../json-schema/json-pointer.ts';
import { isPlainObject } from '../json-schema/json-object.ts';
import { parseLocalRef } from '../json-schema/resolve-refs.ts';
import type { SchemaProblem } from './schema-check-types.ts';
import type { RefSite } from './scan-schema-document.ts';

/**
 * Reference rules: every `$ref` is local (see `parseLocalRef`), points at a schema, and no chain
 * of references leads back into itself. A cycle would make the schema infinite, and both inlining
 * (`resolveRefs`) and Gemini (which unrolls cycles only a little) need a finite one.
 * Problems are reported at the `$ref` keyword ("/properties/a/$ref").
 */
export function checkRefs(schema: Record<string, unknown>, sites: RefSite[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const resolved: Array<{ site: RefSite; target: string }> = [];
  for (const site of sites) {
    const path = appendPointer(site.pointer, '$ref');
    const parsed = parseLocalRef(site.ref);
    if (!parsed.ok) {
      problems.push({ path, message: `${JSON.stringify(site.ref)}: ${parsed.problem}` });
      continue;
    }
    const target = getAtPointer(schema, parsed.pointer);
    if (target === undefined) {
      problems.push({ path, message: `${JSON.stringify(site.ref)} points nowhere` });
    } else if (!isPlainObject(target) && typeof target !== 'boolean') {
      problems.push({ path, message: `${JSON.stringify(site.ref)} does not point to a schema` });
    } else {
      resolved.push({ site, target: parsed.pointer });
    }
  }
  problems.push(...findCycles(resolved));
  return problems;
}

/**
 * Graph: reference i leads to reference j when j sits inside i's target (or is the target
 * itself). A cycle in it is an infinite expansion. Iterative DFS so that a long chain of
 * references cannot overflow the stack; one problem per back edge, at the reference it returns to.
 */
function findCycles(refs: Array<{ site: RefSite; target: string }>): SchemaProblem[] {
  const order = refs.map((_, i) => i).sort((a, b) => compare(refs[a]!.site.pointer, refs[b]!.site.pointer));
  const sortedPointers = order.map((i) => refs[i]!.site.pointer);

  const edges = refs.map(({ target }) => {
    const out: number[] = [];
    // Everything with `target` as a string prefix is contiguous in sorted order; keep real descendants.
    for (let k = lowerBound(sortedPointers, target); k < sortedPointers.length; k++) {
      const p = sortedPointers[k]!;
      if (!p.startsWith(target)) break;
      if (p === target || p.startsWith(target + '/')) out.push(order[k]!);
    }
    return out;
  });

  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Array<number>(refs.length).fill(WHITE);
  const problems: SchemaProblem[] = [];
  const reported = new Set<number>();

  for (let start = 0; start < refs.length; start++) {
    if (color[start] !== WHITE) continue;
    const stack: Array<{ node: number; next: number }> = [{ node: start, next: 0 }];
    color[start] = GREY;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const targets = edges[frame.node]!;
      if (frame.next >= targets.length) {
        color[frame.node] = BLACK;
        stack.pop();
        continue;
      }
      const j = targets[frame.next++]!;
      if (color[j] === WHITE) {
        color[j] = GREY;
        stack.push({ node: j, next: 0 });
      } else if (color[j] === GREY && !reported.has(j)) {
        reported.add(j);
        const from = stack.findIndex((f) => f.node === j);
        const chain = stack.slice(from).map((f) => refs[f.node]!.site.ref);
        problems.push({
          path: appendPointer(refs[j]!.site.pointer, '$ref'),
          message: `reference cycle: ${[...chain, refs[j]!.site.ref].join(' -> ')}; extraction needs a finite schema`,
        });
      }
    }
  }
  return problems;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
