// runtime: browser
/**
 * Filtering and sorting for DataTable, on row indices over plain arrays. TanStack Table's own
 * row models build an object with dozens of closures per row, which takes seconds (mostly GC)
 * for 100 000 rows; so the table runs TanStack in manual mode and only hands it the rows on screen.
 */

export type Accessor<T> = (row: T, index: number) => unknown;

export interface SortSpec {
  id: string;
  desc: boolean;
}

export interface FilterSpec {
  id: string;
  value: unknown;
}

/** The text a cell value is filtered on: arrays joined, null/undefined empty, lower case. */
export function filterText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(filterText).join(', ');
  return String(value).toLowerCase().replace(/ё/g, 'е');
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (typeof value === 'number' && Number.isNaN(value));

/** Indices of the rows that contain every column filter's text (case-insensitive, ё = е). */
export function filterIndices<T>(
  data: readonly T[],
  filters: readonly FilterSpec[],
  accessors: ReadonlyMap<string, Accessor<T>>,
): number[] {
  const active = filters
    .map((f) => ({ get: accessors.get(f.id), needle: filterText(f.value).trim() }))
    .filter((f): f is { get: Accessor<T>; needle: string } => Boolean(f.get) && f.needle !== '');
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) {
    const row = data[i]!;
    if (active.every((f) => filterText(f.get(row, i)).includes(f.needle))) out.push(i);
  }
  return out;
}

/**
 * A stable sort of `indices` by the given columns. Numbers compare numerically, everything else
 * as text with the collator (numeric-aware); empty values go last in both directions.
 */
export function sortIndices<T>(
  data: readonly T[],
  indices: readonly number[],
  sorting: readonly SortSpec[],
  accessors: ReadonlyMap<string, Accessor<T>>,
  collator: Intl.Collator,
): number[] {
  const keys = sorting
    .map((s) => ({ spec: s, get: accessors.get(s.id) }))
    .filter((k): k is { spec: SortSpec; get: Accessor<T> } => Boolean(k.get));
  if (!keys.length) return indices.slice();
  // Read every sort value once (accessors may join arrays, etc.), by position in `indices`.
  const n = indices.length;
  const columns = keys.map(({ spec, get }) => {
    const values = new Array<unknown>(n);
    for (let p = 0; p < n; p++) {
      const i = indices[p]!;
      const v = get(data[i]!, i);
      values[p] = Array.isArray(v) ? v.join(', ') : v;
    }
    const numeric = values.every((v) => typeof v === 'number' || isEmpty(v));
    return { desc: spec.desc, values, numeric };
  });
  const positions = Array.from({ length: n }, (_, p) => p);
  positions.sort((a, b) => {
    for (const { desc, values, numeric } of columns) {
      const va = values[a];
      const vb = values[b];
      const ea = isEmpty(va);
      const eb = isEmpty(vb);
      if (ea || eb) {
        if (ea && eb) continue;
        return ea ? 1 : -1;
      }
      const c = numeric ? (va as number) - (vb as number) : collator.compare(String(va), String(vb));
      if (c !== 0) return desc ? -c : c;
    }
    return a - b;
  });
  return positions.map((p) => indices[p]!);
}
