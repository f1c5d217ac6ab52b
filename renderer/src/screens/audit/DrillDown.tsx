// runtime: browser
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntityRow, FindingSummary } from '../../../../shared/audit/types';
import { useAction, useCall } from '../../api/context';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useToast } from '../../components/Toast';
import { wordAuditDetail, wordAuditName } from '../../../../shared/messages/audit-rows';
import { formatNumber } from '../../lib/format';

type Col = ColumnDef<AuditEntityRow, string | number | null>;

/** Every flagged entity of one finding in a virtualized table, its recommendation and its Fix button. */
export function DrillDown({
  finding,
  asOf,
  onClose,
  onFixed,
}: {
  finding: FindingSummary;
  asOf?: string | undefined;
  onClose: () => void;
  onFixed?: () => void;
}) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  const toast = useToast();
  const rows = useCall('audit.entities', { findingId: finding.id, limit: 100_000, ...(asOf ? { asOf } : {}) });
  const fix = useAction('audit.fix');
  const grouped = finding.groups !== undefined;

  const columns = useMemo<Col[]>(() => {
    const cols: Col[] = [];
    if (grouped) cols.push({ id: 'group', header: t('drill.columns.group'), accessorFn: (r) => r.group ?? null, size: 70, meta: { align: 'right' } });
    cols.push(
      { id: 'entityType', header: t('drill.columns.entityType'), accessorFn: (r) => t(`entityTypes.${r.entityType}`), size: 100 },
      // a composite id ("contacts:310010" for a field) shows its own part: the type has its column
      { id: 'id', header: t('drill.columns.id'), accessorFn: (r) => shownId(r.id), size: 110, filterFn: 'includesString' },
      {
        id: 'name',
        header: t('drill.columns.name'),
        accessorFn: (r) => wordAuditName(r.entityType, r.name, lang),
        size: 220,
        sortingFn: 'text',
        meta: { userData: (r) => r.entityType !== 'notes' && r.entityType !== 'events' },
      },
      {
        id: 'detail',
        header: t('drill.columns.detail'),
        accessorFn: (r) => (r.detailRef ? wordAuditDetail(r.detailRef, lang) : r.detail),
        size: 280,
        sortingFn: 'text',
        meta: { userData: (r) => !r.detailRef || r.detailRef.key === 'text' || r.detailRef.key === 'lead' },
      },
    );
    return cols;
  }, [t, grouped, lang]);

  const data = useMemo(() => rows.value?.rows ?? [], [rows.value]);

  const onFix = async () => {
    const result = await fix.run({ findingId: finding.id });
    if (result.ok) onFixed?.();
    if (result.ok && finding.fix) {
      toast.show({ kind: 'success', message: t('fix.recorded', { label: finding.fix.label[lang], count: result.value.entityCount, formatted: formatNumber(result.value.entityCount, lang) }) });
    }
  };

  return (
    <section className="audit-drill card" aria-label={t('drill.label')} data-testid="audit-drill">
      <div className="audit-drill-head">
        <div>
          <h2 style={{ margin: 0, fontSize: '1.05rem' }}>{finding.title[lang]}</h2>
          <p className="muted" style={{ margin: '2px 0' }} data-testid="audit-drill-count">
            {t('drill.count', { count: finding.flaggedCount, formatted: formatNumber(finding.flaggedCount, i18n.language) })}
          </p>
        </div>
        <div style={{ display: 'flex', gap: 8 }}>
          {finding.fix ? (
            <button type="button" className="btn btn-primary btn-small" onClick={() => void onFix()} disabled={fix.pending || finding.flaggedCount === 0} data-testid="audit-fix">
              {t('actions.fix')}: {finding.fix.label[lang]}
            </button>
          ) : null}
          <button type="button" className="btn btn-ghost btn-small" onClick={onClose} aria-label={t('actions.close')}>
            ✕
          </button>
        </div>
      </div>
      <p style={{ margin: 0 }}>
        <strong>{t('card.recommendation')}:</strong> {finding.recommendation[lang]}
      </p>
      <p className="muted" style={{ margin: 0, fontSize: '0.85rem' }}>
        {t('card.howComputed')}: {finding.description[lang]}
      </p>
      <ErrorNotice error={fix.error} onDismiss={fix.clearError} compact />
      <ErrorNotice error={rows.status === 'error' ? rows.error : null} onRetry={rows.reload} compact />
      {rows.status === 'loading' && !rows.value ? (
        <p className="muted" role="status">{t('drill.loading')}</p>
      ) : (
        <div className="audit-drill-table">
          <DataTable<AuditEntityRow>
            key={finding.id}
            data={data}
            columns={columns}
            getRowId={(r) => `${r.entityType}:${String(r.id)}`}
            label={t('drill.label')}
            empty={t('drill.empty')}
            testId="audit-drill-table"
          />
        </div>
      )}
    </section>
  );
}

/** An id as shown: a composite id ("pipeline:status", "contacts:310010") keeps its last part. */
export function shownId(id: string | number): string {
  const s = String(id);
  const i = s.lastIndexOf(':');
  return i < 0 ? s : s.slice(i + 1);
}
