import { expect } from 'vitest';
import type { InspectionWithLayout } from '../../src/pdf/inspect-in-reader.ts';

/**
 * An upload's inspection less its layout JSON, which it must have: a short document's layout is
 * read in the same pass as its counts (layoutUpToPages, as documents.service.ts asks), so the
 * counts are checked on the path an upload takes.
 */
export async function withoutLayout(inspection: Promise<InspectionWithLayout>): Promise<Omit<InspectionWithLayout, 'layoutJson'>> {
  const { layoutJson, ...rest } = await inspection;
  expect(layoutJson).toEqual(expect.any(String));
  return rest;
}
