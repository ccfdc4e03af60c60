/**
 * Bookkeeping around values dropped by partial acceptance: the warning lines that report them and
 * the evidence that still belongs to the answer after a repair.
 */
import type { FieldEvidence, Violation } from '../domain/types.ts';

/** Lines per subtree answer in `metadata.warnings`; `violations` in the event has them all. */
const MAX_WARNING_LINES = 20;
const MAX_VALUE_CHARS = 80;

export function violationWarnings(violations: readonly Violation[]): string[] {
  const lines = violations.slice(0, MAX_WARNING_LINES).map((v) => {
    const text = JSON.stringify(v.rejectedValue) ?? 'null';
    const shown = text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
    return `${v.path || '(root)'}: dropped ${shown} (still invalid after repair: ${v.message})`;
  });
  if (violations.length > MAX_WARNING_LINES) {
    lines.push(`... and ${violations.length - MAX_WARNING_LINES} more dropped values (listed in the subtree's violations)`);
  }
  return lines;
}

function within(pointer: string, unit: string): boolean {
  return unit === '' || pointer === unit || pointer.startsWith(`${unit}/`);
}

/**
 * Evidence of the first answer, except at the repaired pointers, where the repair answer's
 * evidence counts; then moved to where `remap` says the values now are (dropped ones go).
 */
export function evidenceAfterRepair(
  first: readonly FieldEvidence[],
  repaired: readonly FieldEvidence[],
  repairedPointers: readonly string[],
  remap: (pointer: string) => string | null,
): FieldEvidence[] {
  const repairedHere = (e: FieldEvidence): boolean => repairedPointers.some((p) => within(e.pointer, p));
  const out: FieldEvidence[] = [];
  for (const e of [...first.filter((e) => !repairedHere(e)), ...repaired.filter(repairedHere)]) {
    const pointer = remap(e.pointer);
    if (pointer !== null) out.push({ ...e, pointer });
  }
  return out;
}
