// runtime: browser
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrowseEntity, BrowseRow, SnapshotInfo } from '../../../../shared/api/methods/snapshot';
import type { ApiError } from '../../../../shared/api/result';
import { useApi, useSnapshot } from '../../api/context';
import { useRoute } from '../../app/router';
import { DataTable } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoSnapshot } from '../../components/NoSnapshot';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatNumber } from '../../lib/format';
import { useDebounced } from '../../lib/use-debounced';
import { useBrowseColumns } from './columns';
import { EntityDetail } from './EntityDetail';
import { buildSearchIndex } from './search-index';
import { Tabs } from '../../components/Tabs';

/**
 * The Browse tabs. A local copy of the contract's BROWSE_ENTITIES: importing that value would pull
 * zod (the contract's schemas) into the renderer bundle; `satisfies` keeps the two in step.
 */
const BROWSE_ENTITIES = ['contacts', 'companies', 'leads'] as const satisfies readonly BrowseEntity[];
// a compile error here means the contract gained an entity that Browse does not show
const _everyEntity: [Exclude<BrowseEntity, (typeof BROWSE_ENTITIES)[number]>] extends [never] ? true : never = true;

const isEntity = (value: unknown): value is BrowseEntity =>
  typeof value === 'string' && (BROWSE_ENTITIES as readonly string[]).includes(value);

export default function BrowseScreen() {
  const { t } = useTranslation('browse');
  const { info } = useSnapshot();
  return (
    <>
      <ScreenHeader title={t('title')} description={t('description')} />
      {info ? <Browser info={info} /> : <NoSnapshot />}
    </>
  );
}

type RowsCache = { snapshotKey: string; rows: Partial<Record<BrowseEntity, BrowseRow[]>>; errors: Partial<Record<BrowseEntity, ApiError>> };

/**
 * All rows of an entity are fetched once per snapshot (then sorted, filtered and searched locally);
 * switching tabs back does not fetch again.
 */
function useBrowseRows(entity: BrowseEntity, snapshotKey: string) {
  const api = useApi();
  const [cache, setCache] = useState<RowsCache>({ snapshotKey, rows: {}, errors: {} });
  const [nonce, setNonce] = useState(0);
  const current = cache.snapshotKey === snapshotKey ? cache : null;
  const rows = current?.rows[entity];
  const error = current?.errors[entity] ?? null;
  const needed = rows === undefined && error === null;

  useEffect(() => {
    if (!needed) return;
    let live = true;
    void api.call('browse.rows', { entity }).then((result) => {
      if (!live) return;
      setCache((prev) => {
        const base: RowsCache = prev.snapshotKey === snapshotKey ? prev : { snapshotKey, rows: {}, errors: {} };
        return result.ok
          ? { ...base, rows: { ...base.rows, [entity]: result.value }, errors: { ...base.errors, [entity]: undefined } }
          : { ...base, errors: { ...base.errors, [entity]: result.error } };
      });
    });
    return () => {
      live = false;
    };
  }, [api, entity, snapshotKey, needed, nonce]);

  const retry = () => {
    setCache((prev) => ({ ...prev, errors: { ...prev.errors, [entity]: undefined } }));
    setNonce((n) => n + 1);
  };
  return { rows, error, loading: needed, retry };
}

function Browser({ info }: { info: SnapshotInfo }) {
  const { t, i18n } = useTranslation('browse');
  const { params, setParams } = useRoute();
  const entity: BrowseEntity = isEntity(params.entity) ? params.entity : 'contacts';
  const selectedId = params.id && /^\d+$/.test(params.id) ? Number(params.id) : null;
  const snapshotKey = `${info.file}|${info.contentHash ?? ''}|${info.finishedAt ?? ''}`;
  const { rows, error, loading, retry } = useBrowseRows(entity, snapshotKey);
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query, 200);
  const searchRef = useRef<HTMLInputElement>(null);

  const index = useMemo(() => buildSearchIndex(rows ?? []), [rows]);
  const results = useMemo(() => index.search(debounced), [index, debounced]);
  const columns = useBrowseColumns(entity);
  const selectedRow = useMemo(() => (selectedId === null ? undefined : rows?.find((r) => r.id === selectedId)), [rows, selectedId]);

  const selectTab = (next: BrowseEntity) => setParams({ entity: next });

  const searching = query !== debounced;
  const searchActive = debounced.trim() !== '';
  return (
    // the detail pane takes room only when a card is open: with none, every column gets the width
    <div className={`browse${selectedId !== null ? ' has-detail' : ''}`} data-testid="browse">
      <div className="browse-main">
        <Tabs ids={BROWSE_ENTITIES} selected={entity} onSelect={selectTab} label={t('tabs.label')} testId={(e) => `browse-tab-${e}`} controls="browse-table">
          {(e) => (
            <>
              {t(`entities.${e}`)}
              {info.counts[e] !== undefined ? <span className="badge">{formatNumber(info.counts[e] ?? 0, i18n.language)}</span> : null}
            </>
          )}
        </Tabs>
        <div className="browse-toolbar">
          <label htmlFor="browse-search" className="visually-hidden">{t('search.label')}</label>
          <input
            ref={searchRef}
            id="browse-search"
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder={t('search.placeholder')}
            data-testid="browse-search"
            aria-controls="browse-table"
            autoComplete="off"
            spellCheck={false}
          />
          <span className="muted" role="status" aria-live="polite" data-testid="browse-search-status">
            {debounced.trim() && rows
              ? t('search.found', { count: results.length, formatted: formatNumber(results.length, i18n.language) })
              : searching
                ? t('search.searching')
                : ''}
          </span>
        </div>
        <ErrorNotice error={error} onRetry={retry} />
        {loading ? (
          <p className="muted" role="status" data-testid="browse-loading">{t('loading')}</p>
        ) : rows ? (
          <div id="browse-table" role="tabpanel" aria-label={t(`entities.${entity}`)} style={{ display: 'flex', flex: 1, minHeight: 0 }}>
            <DataTable<BrowseRow>
              // while searching, rows come in relevance order (exact, then fuzzy): no sort on top
              key={`${entity}:${searchActive ? 'search' : 'all'}`}
              data={results}
              columns={columns}
              getRowId={(row) => String(row.id)}
              label={t(`entities.${entity}`)}
              selectedRowId={selectedId === null ? null : String(selectedId)}
              onRowSelect={(row) => setParams({ entity, id: row.id })}
              initialSorting={searchActive ? [] : [{ id: 'updatedAt', desc: true }]}
              empty={debounced.trim() ? t('search.nothing') : t('empty')}
              testId="browse-table"
            />
          </div>
        ) : null}
      </div>
      {selectedId !== null ? (
        <aside className="detail" aria-label={t('detail.label')}>
          <EntityDetail
            entity={entity}
            id={selectedId}
            title={selectedRow?.name}
            onNavigate={(e, id) => setParams({ entity: e, id })}
            onClose={() => setParams({ entity })}
          />
        </aside>
      ) : null}
    </div>
  );
}
