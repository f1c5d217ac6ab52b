// runtime: browser
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrowseEntity, BrowseRow } from '../../../../shared/api/methods/snapshot';
import type { ColumnDef } from '../../components/DataTable';
import { formatDate, formatNumber } from '../../lib/format';

type Col = ColumnDef<BrowseRow, string | number | null>;

/** The Browse table's columns for one entity, with translated headers. */
export function useBrowseColumns(entity: BrowseEntity): Col[] {
  const { t, i18n } = useTranslation('browse');
  const lang = i18n.language;
  return useMemo(() => {
    const text = (id: string, get: (r: BrowseRow) => string, size: number): Col => ({
      id,
      header: t(`columns.${id}`),
      accessorFn: get,
      size,
      sortingFn: 'text',
      // names, stages, phones, people and tags are the account's own text
      meta: { userData: true },
    });
    const count = (id: 'leads' | 'contacts' | 'companies'): Col => ({
      id: `links.${id}`,
      header: t(`columns.links.${id}`),
      accessorFn: (r) => r.links[id] ?? 0,
      size: 100,
      meta: { align: 'right' },
      enableColumnFilter: false,
      sortDescFirst: true,
    });
    const date = (id: 'createdAt' | 'updatedAt'): Col => ({
      id,
      header: t(`columns.${id}`),
      accessorFn: (r) => r[id],
      cell: (info) => formatDate(info.getValue() as number, lang),
      size: 100,
      enableColumnFilter: false,
      sortDescFirst: true,
    });
    const cols: Col[] = [
      { id: 'id', header: t('columns.id'), accessorFn: (r) => r.id, size: 90, meta: { align: 'right' }, filterFn: 'includesString' },
      text('name', (r) => r.name, 190),
    ];
    if (entity === 'leads') {
      cols.push(text('status', (r) => r.status ?? '', 130), text('pipeline', (r) => r.pipeline ?? '', 120), {
        id: 'price',
        header: t('columns.price'),
        accessorFn: (r) => r.price ?? null,
        cell: (info) => {
          const v = info.getValue();
          return typeof v === 'number' ? formatNumber(v, lang) : '—';
        },
        size: 110,
        meta: { align: 'right' },
        enableColumnFilter: false,
        sortDescFirst: true,
        sortUndefined: 'last',
      });
    } else {
      cols.push(text('phones', (r) => r.phones.join(', '), 150), text('emails', (r) => r.emails.join(', '), 180));
    }
    cols.push(text('responsible', (r) => r.responsible ?? '', 140));
    for (const linked of ['leads', 'contacts', 'companies'] as const) if (linked !== entity) cols.push(count(linked));
    cols.push(text('tags', (r) => r.tags.join(', '), 120), date('createdAt'), date('updatedAt'));
    return cols;
  }, [entity, t, lang]);
}
