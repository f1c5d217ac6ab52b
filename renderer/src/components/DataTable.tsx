// runtime: browser
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type ColumnFiltersState,
  type Header,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useMemo, useRef, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../lib/format';
import { filterIndices, sortIndices, type Accessor } from './table-model';

export type { ColumnDef } from '@tanstack/react-table';

export interface DataTableProps<T> {
  /** Rows; keep the array identity stable between renders (useMemo) — 100 000 rows are fine. */
  data: T[];
  /**
   * Columns (TanStack Table v8). `header` should be a translated string. Use `size` for the
   * width in px, `enableSorting` / `enableColumnFilter: false` to turn those off per column,
   * and `meta: { align: 'right' }` for numbers.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's own column type is `ColumnDef<T, any>`
  columns: ColumnDef<T, any>[];
  getRowId: (row: T) => string;
  /** Accessible name of the grid. */
  label: string;
  /** Called on click, Enter or Space on a row. */
  onRowSelect?: (row: T) => void;
  /** Highlights a row (aria-selected). */
  selectedRowId?: string | null;
  rowHeight?: number;
  initialSorting?: SortingState;
  /** Show a filter input under each filterable header (default true). */
  columnFilters?: boolean;
  /** Shown instead of rows when there are none (after filtering). */
  empty?: ReactNode;
  testId?: string;
  /**
   * For a table inside a scrolling page (not a flex column that gives it a height): as tall as
   * its rows, up to the window's height less the app's bars, so it never shows a few rows over
   * empty space.
   */
  fitRows?: boolean;
}

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    align?: 'left' | 'right';
    /**
     * The cell shows the account's own data (names, field names, values people typed): it is
     * marked translate="no", so that neither a browser translator nor the check for English in
     * the Russian UI (e2e/ru-text.spec.ts) takes it for the app's text. A function decides per row.
     */
    userData?: boolean | ((row: TData) => boolean);
  }
}

/**
 * A virtualized, sortable, filterable grid. Keyboard: focus the grid, then ↑/↓, PageUp/PageDown,
 * Home/End move the active row; Enter or Space selects it.
 */
export function DataTable<T>({
  data,
  columns,
  getRowId,
  label,
  onRowSelect,
  selectedRowId = null,
  rowHeight = 34,
  initialSorting = [],
  columnFilters: showFilters = true,
  empty,
  testId = 'data-table',
  fitRows = false,
}: DataTableProps<T>) {
  const { t, i18n } = useTranslation('common');
  const domId = useId();
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const [filters, setFilters] = useState<ColumnFiltersState>([]);
  const [active, setActive] = useState<number>(-1);
  const scrollRef = useRef<HTMLDivElement>(null);

  // Filtering and sorting run on plain arrays (table-model.ts); TanStack runs in manual mode and
  // only ever sees the rows on screen, so 100 000 rows cost no per-row objects.
  const accessors = useMemo(() => accessorsOf(columns), [columns]);
  const collator = useMemo(() => new Intl.Collator(i18n.language, { numeric: true, sensitivity: 'base' }), [i18n.language]);
  const filtered = useMemo(
    () => (filters.length ? filterIndices(data, filters, accessors) : data.map((_, i) => i)),
    [data, filters, accessors],
  );
  const view = useMemo(
    () => (sorting.length ? sortIndices(data, filtered, sorting, accessors, collator) : filtered),
    [data, filtered, sorting, accessors, collator],
  );

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack's hooks return non-memoizable functions; this component is not compiled
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 16,
  });
  const items = virtualizer.getVirtualItems();
  const windowRows = useMemo(() => items.map((item) => data[view[item.index]!]!), [items, data, view]);

  const table = useReactTable<T>({
    data: windowRows,
    columns,
    state: { sorting, columnFilters: filters },
    onSortingChange: setSorting,
    onColumnFiltersChange: setFilters,
    manualSorting: true,
    manualFiltering: true,
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    defaultColumn: { size: 140, minSize: 60 },
  });

  const rows = table.getRowModel().rows;
  const leafColumns = table.getVisibleLeafColumns();
  const template = leafColumns.map((c) => `minmax(${c.getSize()}px, ${c.getSize()}fr)`).join(' ');
  const minWidth = leafColumns.reduce((sum, c) => sum + c.getSize(), 0);

  // Keep the active row inside the data after filtering; follow the selected row.
  const selectedIndex = useMemo(
    () => (selectedRowId === null ? -1 : view.findIndex((i) => getRowId(data[i]!) === selectedRowId)),
    [view, data, selectedRowId, getRowId],
  );
  const activeIndex = active >= 0 && active < view.length ? active : selectedIndex;

  // When the selection, the data, a filter or the sort changes: show the selected row if it is
  // in view, else start again from the top.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    else if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [virtualizer, selectedIndex, data, filters, sorting]);

  const move = (index: number) => {
    if (!view.length) return;
    const next = Math.max(0, Math.min(view.length - 1, index));
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const pageSize = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget) return; // typing in a filter input
    const from = activeIndex < 0 ? -1 : activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        move(from + 1);
        break;
      case 'ArrowUp':
        move(from <= 0 ? 0 : from - 1);
        break;
      case 'PageDown':
        move(from + pageSize);
        break;
      case 'PageUp':
        move(from - pageSize);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(view.length - 1);
        break;
      case 'Enter':
      case ' ': {
        const index = view[from];
        const row = index === undefined ? undefined : data[index];
        if (row !== undefined && onRowSelect) onRowSelect(row);
        break;
      }
      default:
        return;
    }
    event.preventDefault();
  };

  const activeDataIndex = activeIndex >= 0 ? view[activeIndex] : undefined;
  const activeRowId = activeDataIndex === undefined ? null : getRowId(data[activeDataIndex]!);
  const rowDomId = (id: string) => `${domId}-row-${id.replace(/[^\w-]/g, '_')}`;
  const total = data.length;
  const shown = view.length;

  return (
    <div className="datatable" data-testid={testId}>
      <div
        ref={scrollRef}
        className="datatable-scroll"
        style={fitRows ? fitStyle(virtualizer.getTotalSize()) : undefined}
        role="grid"
        aria-label={label}
        aria-rowcount={shown + 1}
        aria-colcount={leafColumns.length}
        aria-multiselectable={false}
        aria-activedescendant={activeRowId !== null ? rowDomId(activeRowId) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
      >
        <div className="datatable-inner" style={{ minWidth }}>
          <div className="datatable-head" role="rowgroup">
            {table.getHeaderGroups().map((group) => (
              <div key={group.id} className="datatable-row datatable-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
                {group.headers.map((header) => (
                  <HeaderCell key={header.id} header={header} showFilter={showFilters} />
                ))}
              </div>
            ))}
          </div>
          <div className="datatable-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item, k) => {
              const row = rows[k];
              if (!row) return null;
              const selected = row.id === selectedRowId;
              const isActive = item.index === activeIndex;
              return (
                <div
                  key={row.id}
                  id={rowDomId(row.id)}
                  role="row"
                  aria-rowindex={item.index + 2}
                  aria-selected={selected}
                  data-row-id={row.id}
                  data-testid="data-row"
                  className={`datatable-row${selected ? ' is-selected' : ''}${isActive ? ' is-active' : ''}`}
                  style={{ gridTemplateColumns: template, height: rowHeight, transform: `translateY(${item.start}px)` }}
                  onClick={() => {
                    setActive(item.index);
                    onRowSelect?.(row.original);
                  }}
                  onMouseDown={(event) => {
                    // keep keyboard focus on the grid, so arrows continue from the clicked row
                    event.preventDefault();
                    scrollRef.current?.focus({ preventScroll: true });
                  }}
                >
                  {row.getVisibleCells().map((cell) => (
                    <div
                      key={cell.id}
                      role="gridcell"
                      className={`datatable-cell${cell.column.columnDef.meta?.align === 'right' ? ' num' : ''}`}
                      translate={isUserData(cell.column.columnDef.meta?.userData, row.original) ? 'no' : undefined}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
          {shown === 0 ? <div className="datatable-empty">{empty ?? t('table.noRows')}</div> : null}
        </div>
      </div>
      <div className="datatable-footer" data-testid="table-rowcount" data-count={shown} data-total={total}>
        {shown === total
          ? t('table.rows', { count: total, formatted: formatNumber(total, i18n.language) })
          : t('table.rowsFiltered', {
              count: shown,
              shown: formatNumber(shown, i18n.language),
              total: formatNumber(total, i18n.language),
            })}
      </div>
    </div>
  );
}

function HeaderCell<T>({ header, showFilter }: { header: Header<T, unknown>; showFilter: boolean }) {
  const { t } = useTranslation('common');
  const column = header.column;
  const sorted = column.getIsSorted();
  const title = header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext());
  const name = typeof column.columnDef.header === 'string' ? column.columnDef.header : column.id;
  return (
    <div
      role="columnheader"
      className={`datatable-cell datatable-header${column.columnDef.meta?.align === 'right' ? ' num' : ''}`}
      aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : column.getCanSort() ? 'none' : undefined}
    >
      {column.getCanSort() ? (
        <button
          type="button"
          className="sort-button"
          onClick={column.getToggleSortingHandler()}
          title={t('table.sortBy', { column: name })}
          data-testid={`sort-${column.id}`}
        >
          {title}
          <span className="sort-mark" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
          </span>
        </button>
      ) : (
        <span>{title}</span>
      )}
      {showFilter && column.getCanFilter() ? <ColumnFilter column={column} name={name} /> : null}
    </div>
  );
}

function ColumnFilter<T>({ column, name }: { column: Header<T, unknown>['column']; name: string }) {
  const { t } = useTranslation('common');
  const [text, setText] = useState(() => String(column.getFilterValue() ?? ''));
  useEffect(() => {
    const timer = window.setTimeout(() => column.setFilterValue(text.trim() ? text : undefined), 180);
    return () => window.clearTimeout(timer);
  }, [text, column]);
  return (
    <input
      type="search"
      className="column-filter"
      value={text}
      onChange={(event) => setText(event.target.value)}
      aria-label={t('table.filterColumn', { column: name })}
      placeholder={t('table.filter')}
      data-testid={`filter-${column.id}`}
      onKeyDown={(event) => event.stopPropagation()}
    />
  );
}

/** How each column reads its value from a row (accessorFn, or accessorKey for plain keys). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see DataTableProps.columns
function accessorsOf<T>(columns: ColumnDef<T, any>[]): Map<string, Accessor<T>> {
  const map = new Map<string, Accessor<T>>();
  for (const column of columns) {
    const def = column as { id?: string; accessorKey?: string; accessorFn?: (row: T, index: number) => unknown };
    const id = def.id ?? def.accessorKey;
    if (!id) continue;
    if (def.accessorFn) map.set(id, def.accessorFn);
    else if (def.accessorKey) {
      const key = def.accessorKey;
      map.set(id, (row) => (row as Record<string, unknown>)[key]);
    }
  }
  return map;
}

function isUserData<T>(flag: boolean | ((row: T) => boolean) | undefined, row: T): boolean {
  return typeof flag === 'function' ? flag(row) : flag === true;
}

/** The height of a fitRows table: its rows and header (about 64 px with the filters), at most the window less 120 px. */
function fitStyle(rowsHeight: number): CSSProperties {
  const content = rowsHeight + 64;
  return { flex: 'none', height: `min(${content}px, calc(100vh - 120px))`, minHeight: Math.min(content, 160) };
}
