import type { SchemaProblem } from './check-schema.ts';

/**
 * Stands in for a schema argument that the large-body parser (src/api/plugins/use-large-json-body.ts)
 * found unusable in its thread: too large, too deep, or not an object. The value itself never
 * reaches the API thread; checking answers `problem`, exactly as checkSchema would have. Only that
 * parser makes these (JSON cannot), so a client cannot forge one.
 */
export class UnusableSchema {
  readonly problem: SchemaProblem;

  constructor(problem: SchemaProblem) {
    this.problem = problem;
  }
}
