import { describe, expect, it } from 'vitest';
import { median, quantile, upperMedian } from '../../bench/lib/report.ts';

describe("the benchmarks' quantiles", () => {
  it('median takes the middle value, the lower of the two middles of an even count', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2);
  });

  it('upperMedian takes the middle value, the upper of the two middles of an even count', () => {
    expect(upperMedian([3, 1, 2])).toBe(2);
    expect(upperMedian([4, 1, 3, 2])).toBe(3);
    expect(upperMedian([7])).toBe(7);
  });

  it('a quantile of nothing is NaN, not a made-up figure', () => {
    expect(quantile([], 0.95)).toBeNaN();
    expect(upperMedian([])).toBeNaN();
  });
});
