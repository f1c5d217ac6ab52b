// runtime: node
/** One benchmark figure, always reported next to its limit. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** the target: value must be ≥ limit when direction is 'min', ≤ limit when 'max' */
  limit: number;
  direction: 'min' | 'max';
  note?: string;
}

export const meets = (r: BenchResult): boolean => (r.direction === 'min' ? r.value >= r.limit : r.value <= r.limit);

/** value ÷ limit: ≥ 1 is good for 'min' targets, ≤ 1 for 'max' targets. */
export const ratio = (r: BenchResult): number => (r.limit === 0 ? Number.NaN : r.value / r.limit);
