// runtime: browser
/** One column heading of a plain table: its label, right-aligned for numbers, or read to screen readers only. */
export interface TableColumn {
  label: string;
  num?: boolean;
  /** only screen readers see it (an actions column) */
  hidden?: boolean;
}

/** The <thead> of a plain table: one row of column headings. */
export function TableHead({ columns }: { columns: readonly (TableColumn | string)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c, i) => {
          const col = typeof c === 'string' ? { label: c } : c;
          return (
            <th key={i} scope="col" className={col.num ? 'num' : undefined}>
              {col.hidden ? <span className="visually-hidden">{col.label}</span> : col.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
