// runtime: browser
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DryRunResult, PlanOperationInfo, PlanSummary } from '../../../../shared/api/methods/plan';
import { useAction, useCall, useJob, useSnapshot } from '../../api/context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { NoSnapshot } from '../../components/NoSnapshot';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useToast } from '../../components/Toast';
import { engineText } from '../../lib/engine-text';
import { formatDateTime, formatDuration, formatNumber } from '../../lib/format';
import { operationsCsv, resultReason, type CsvWords } from './model';
import './changes.css';
import { TableHead } from '../../components/TableHead';
import { MergeGroups } from './MergeGroups';
import { ConcurrentEdits } from './ConcurrentEdits';
import { StaleSnapshot, useRefreshing, type Refreshing } from './StaleSnapshot';
import { entityLabel, fieldLabel, sideLines } from './values';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

/** A wrench, drawn (an emoji may render as an empty box where no emoji font is installed). */
function PlanIcon() {
  return (
    <svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" strokeLinejoin="round">
      <path d="M14.7 6.3a4 4 0 0 0-5.4 5.1L4 16.7 7.3 20l5.3-5.3a4 4 0 0 0 5.1-5.4l-2.5 2.5-2.5-.5-.5-2.5z" />
    </svg>
  );
}

/** Starts a browser download of a data: URL (the browser transport cannot reach the data folder). */
function download(href: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

export default function ChangesScreen() {
  const { t } = useTranslation('changes');
  const { info } = useSnapshot();
  const refresh = useRefreshing();
  return (
    <>
      <ScreenHeader title={t('title')} description={t('description')} />
      {refresh.view}
      {info ? <Plans onRefresh={refresh.start} refreshing={refresh.refreshing !== null} /> : refresh.refreshing ? null : <NoSnapshot />}
    </>
  );
}

function Plans({ onRefresh, refreshing }: { onRefresh: (r: Refreshing) => void; refreshing: boolean }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const plans = useCall('plan.list', {}, { refreshOnSnapshotChange: true });
  const [selected, setSelected] = useState<number | null>(null);
  const list = plans.value ?? [];
  const current = list.find((p) => p.id === selected) ?? list.at(-1) ?? null;
  const created = (id: number) => {
    plans.reload();
    setSelected(id);
  };
  // the groups' states follow the plans (planned, pushed, rolled back)
  const signature = list.map((p) => `${p.id}:${p.status}:${p.byStatus.applied ?? 0}`).join(',');
  const fromIntents = (
    <>
      <StaleSnapshot plans={list} onRefresh={onRefresh} refreshing={refreshing} />
      <FromIntents onCreated={created} />
      <MergeGroups onPlanned={created} signature={signature} />
    </>
  );
  if (plans.status === 'error' && !plans.value) return <ErrorNotice error={plans.error} onRetry={plans.reload} />;
  if (list.length === 0)
    return (
      <>
        {fromIntents}
        {plans.status === 'loading' ? (
          <p className="muted">{t('common:loading')}</p>
        ) : (
          <EmptyState icon={<PlanIcon />} title={t('empty.title')} description={t('empty.description')} />
        )}
      </>
    );
  return (
    <>
      {fromIntents}
      <div className="changes-layout">
        <section className="card" aria-label={t('plans.title')}>
          <h2>{t('plans.title')}</h2>
          <ul className="changes-plans" data-testid="changes-plans">
            {list.map((p) => (
              <li key={p.id}>
                <button
                  type="button"
                  className={`btn btn-ghost${current?.id === p.id ? ' is-active' : ''}`}
                  aria-pressed={current?.id === p.id}
                  onClick={() => setSelected(p.id)}
                  data-testid={`changes-plan-${p.id}`}
                  data-status={p.status}
                >
                  <span className="changes-plan-name">{t(p.kind === 'rollback' ? 'plans.rollbackName' : 'plans.name', { id: p.id, of: p.rollbackOf ?? '' })}</span>{' '}
                  <span className={`badge badge-${p.status === 'open' ? 'queued' : p.status}`}>{t(`status.${p.status}`)}</span>
                  <span className="muted changes-plan-meta">
                    {t('plans.operations', { count: p.operations, n: formatNumber(p.operations, lang) })} · {formatDateTime(p.createdAt, lang)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <Checklist />
        </section>
        {current ? <PlanView key={current.id} plan={current} onChanged={plans.reload} onSelect={setSelected} /> : null}
      </div>
    </>
  );
}

/**
 * The audit's Fix buttons record intents; this turns the pending ones into operations of the
 * open plan (fill.loss_reason needs the reason to set, chosen from the account's list).
 */
function FromIntents({ onCreated }: { onCreated: (plan: number) => void }) {
  const remove = useAction('audit.removeFixIntent');
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const toast = useToast();
  const reasonId = useId();
  const intents = useCall('audit.fixIntents', {}, { refreshOnSnapshotChange: true });
  const pending = useMemo(() => (intents.value ?? []).filter((i) => i.status === 'pending'), [intents.value]);
  const needsReason = pending.some((i) => i.operation === PLAN_REQUEST.fillLossReason);
  const reasons = useCall('plan.lossReasons', {}, { skip: !needsReason, refreshOnSnapshotChange: true });
  const [reason, setReason] = useState('');
  const [suggest, setSuggest] = useState(false);
  // deals whose suggested reason the admin rejected: left out of the plan
  const [rejected, setRejected] = useState<ReadonlySet<number>>(new Set());
  const [notes, setNotes] = useState<{ code: string; params: Record<string, string | number> }[]>([]);
  const create = useAction('plan.fromIntents');
  if (pending.length === 0 && notes.length === 0) return null;
  // never a default: a reason is set only where the admin chose one (or a deal's own notes suggest it)
  const chosen = reason;
  const run = async () => {
    const r = await create.run({
      ...(needsReason && chosen ? { reason: chosen } : {}),
      ...(needsReason && suggest ? { suggest: true, ...(rejected.size ? { reject: [...rejected] } : {}) } : {}),
    });
    if (!r.ok) return;
    setNotes(r.value.messages);
    intents.reload();
    if (r.value.plan !== null) {
      toast.show({ kind: 'success', message: t('intents.created', { count: r.value.operations, n: formatNumber(r.value.operations, lang), plan: r.value.plan }) });
      onCreated(r.value.plan);
    }
  };
  return (
    <section className="card changes-intents" aria-label={t('intents.title')} data-testid="changes-intents" data-count={pending.length}>
      <h2>{t('intents.title')}</h2>
      {pending.length > 0 ? (
        <>
          <p className="muted">{t('intents.description')}</p>
          <ul className="changes-intent-list">
            {pending.map((i) => (
              <li key={i.id} data-testid="changes-intent" data-operation={i.operation}>
                <strong>{t(`kinds.${i.operation}`, { defaultValue: i.operation })}</strong>{' '}
                <span className="muted">
                  {t('intents.entities', { count: i.entityCount, n: formatNumber(i.entityCount, lang) })} · {i.title ? i.title[lang === 'en' ? 'en' : 'ru'] : i.findingId}
                </span>{' '}
                <button
                  type="button"
                  className="btn btn-small btn-ghost"
                  onClick={() => void remove.run({ id: i.id }).then(() => intents.reload())}
                  disabled={remove.pending}
                  aria-label={t('intents.remove')}
                  title={t('intents.remove')}
                  data-testid="changes-intent-remove"
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
          <div className="changes-intent-form">
            {needsReason ? (
              <div className="field">
                <label htmlFor={reasonId}>{t('intents.reason')}</label>
                <select id={reasonId} value={chosen} onChange={(e) => setReason(e.target.value)} disabled={!reasons.value?.length} data-testid="changes-intents-reason">
                  <option value="">{t(suggest ? 'intents.reasonNoneSuggest' : 'intents.reasonNone')}</option>
                  {(reasons.value ?? []).map((r) => (
                    <option key={r.id} value={String(r.id)}>
                      {r.name}
                    </option>
                  ))}
                </select>
                {reasons.value && reasons.value.length === 0 ? <p className="field-hint">{t('intents.noReasons')}</p> : null}
                <label className="checkbox">
                  <input type="checkbox" checked={suggest} onChange={(e) => setSuggest(e.target.checked)} data-testid="changes-intents-suggest" />{' '}
                  {t('intents.suggest')}
                </label>
                <p className="field-hint">{t('intents.suggestHint')}</p>
                {suggest ? (
                  <SuggestedReasons
                    rejected={rejected}
                    onToggle={(id, accept) =>
                      setRejected((prev) => {
                        const next = new Set(prev);
                        if (accept) next.delete(id);
                        else next.add(id);
                        return next;
                      })
                    }
                  />
                ) : null}
              </div>
            ) : null}
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void run()}
              disabled={create.pending || (needsReason && !chosen && !suggest)}
              data-testid="changes-from-intents"
            >
              {t('intents.create', { count: pending.length })}
            </button>
          </div>
        </>
      ) : null}
      {notes.length > 0 ? (
        <ul className="changes-intent-notes muted" data-testid="changes-intents-notes">
          {notes.map((n) => (
            <li key={`${n.code}:${String(n.params.id ?? '')}`} data-code={n.code}>
              {t(`notes.${n.code}`, n.params)}
            </li>
          ))}
        </ul>
      ) : null}
      <ErrorNotice error={create.error ?? remove.error} onDismiss={() => (create.clearError(), remove.clearError())} compact />
      {intents.status === 'error' ? <ErrorNotice error={intents.error} onRetry={intents.reload} compact /> : null}
    </section>
  );
}

/** The loss reasons suggested from the deals' notes, for review before they are planned. */
function SuggestedReasons({ rejected, onToggle }: { rejected: ReadonlySet<number>; onToggle: (leadId: number, accept: boolean) => void }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const shown = 200;
  const suggestions = useCall('plan.suggestLossReasons', { limit: shown }, { refreshOnSnapshotChange: true });
  if (suggestions.status === 'error') return <ErrorNotice error={suggestions.error} onRetry={suggestions.reload} compact />;
  const v = suggestions.value;
  if (!v) return <p className="muted">{t('common:loading')}</p>;
  if (v.suggested === 0) return <p className="muted" data-testid="changes-suggested" data-count={0}>{t('intents.suggestedNone')}</p>;
  return (
    <div className="changes-suggested" data-testid="changes-suggested" data-count={v.suggested}>
      <p>{t('intents.suggested', { count: v.deals, suggested: formatNumber(v.suggested, lang), deals: formatNumber(v.deals, lang) })}</p>
      <div className="changes-suggested-scroll">
        <table className="plain">
          <TableHead columns={[t('intents.colAccept'), t('intents.colDeal'), t('intents.colReason'), t('intents.colEvidence')]} />
          <tbody>
            {v.items.map((s) => (
              <tr key={s.leadId} data-testid="changes-suggested-row">
                <td>
                  <input
                    type="checkbox"
                    checked={!rejected.has(s.leadId)}
                    onChange={(e) => onToggle(s.leadId, e.target.checked)}
                    aria-label={t('intents.acceptSuggestion', { id: s.leadId })}
                    data-testid="changes-suggested-accept"
                  />
                </td>
                <td>
                  #{s.leadId} {s.leadName}
                </td>
                <td>{s.reasonName}</td>
                <td className="muted">{t('intents.evidence', { text: s.evidence ?? '' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.suggested > v.items.length ? <p className="muted">{t('intents.suggestedMore', { n: formatNumber(v.suggested - v.items.length, lang) })}</p> : null}
    </div>
  );
}

function PlanView({ plan, onChanged, onSelect }: { plan: PlanSummary; onChanged: () => void; onSelect: (id: number) => void }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const toast = useToast();
  const ops = useCall('plan.operations', { plan: plan.id, limit: 5000 }, { refreshOnSnapshotChange: true });
  const exporter = useAction('plan.export');
  const connections = useCall('connect.list', {});
  const dry = useAction('plan.dryRun');
  const push = useAction('plan.push');
  const rollback = useAction('plan.rollback');
  // the dry run's answer with the number of open operations it priced
  const [estimate, setEstimate] = useState<{ result: DryRunResult; operations: number } | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'push' | 'rollback' | null>(null);
  const job = useJob(jobId);
  const jobStatus = job?.status;
  const reloadOps = ops.reload;
  // a finished push changes the plan's statuses: reload the list and the operations
  useEffect(() => {
    if (jobStatus === 'done' || jobStatus === 'failed' || jobStatus === 'cancelled') {
      onChanged();
      reloadOps();
    }
  }, [jobStatus, onChanged, reloadOps]);
  const connection = connections.value?.[0] ?? null;
  const pending = (plan.byStatus.planned ?? 0) + (plan.byStatus.batched ?? 0);
  const canRollBack = plan.kind === 'forward' && plan.revertible > 0;
  // one run per plan: no second push while this one is being sent (the services refuse it too)
  const running = push.pending || (job !== undefined && (job.status === 'running' || job.status === 'queued' || job.status === 'paused'));

  const rows = useMemo(() => ops.value ?? [], [ops.value]);
  const columns = useMemo<ColumnDef<PlanOperationInfo, unknown>[]>(
    () => [
      { id: 'id', header: t('ops.id'), accessorFn: (o) => o.id, size: 70, meta: { align: 'right' } },
      { id: 'kind', header: t('ops.kind'), accessorFn: (o) => t(`kinds.${o.kind}`, { defaultValue: o.kind }), size: 230 },
      {
        id: 'entity',
        header: t('ops.entity'),
        accessorFn: (o) => entityLabel(t, o),
        size: 200,
        meta: { userData: true },
      },
      { id: 'before', header: t('ops.before'), accessorFn: (o) => sideLines(t, o.changes, 'before').join('; '), size: 220, meta: { userData: true } },
      { id: 'after', header: t('ops.after'), accessorFn: (o) => sideLines(t, o.changes, 'after').join('; '), size: 220, meta: { userData: true } },
      { id: 'status', header: t('ops.status'), accessorFn: (o) => t(`opStatus.${o.status}`, { defaultValue: o.status }), size: 120 },
      { id: 'reason', header: t('ops.reason'), accessorFn: (o) => resultReason(o, lang), size: 200 },
    ],
    [t, lang],
  );

  const runDry = async () => {
    const r = await dry.run({ plan: plan.id, rps: 7, limit: 0, changes: 200 });
    if (r.ok) setEstimate({ result: r.value, operations: pending });
  };
  const runPush = async () => {
    setConfirm(null);
    if (!connection || running) return;
    const r = await push.run({ plan: plan.id, connectionId: connection.id, rps: 7 });
    if (r.ok) {
      setEstimate(null);
      setJobId(r.value.jobId);
    }
    else toast.show({ kind: 'error', message: engineText(t, r.error, r.error.message) });
  };
  const runRollback = async () => {
    setConfirm(null);
    const r = await rollback.run({ plan: plan.id });
    if (!r.ok) {
      toast.show({ kind: 'error', message: engineText(t, r.error, r.error.message) });
      return;
    }
    toast.show({ kind: 'success', message: t('rollback.created', { id: r.value.plan, count: r.value.operations, n: formatNumber(r.value.operations, lang) }) });
    onChanged();
    onSelect(r.value.plan);
  };
  const csvWords: CsvWords = {
    lang,
    header: [t('ops.id'), t('ops.kind'), t('ops.entityType'), t('ops.entityId'), t('ops.status'), t('ops.source'), t('ops.reason')],
    kind: (k) => t(`kinds.${k}`, { defaultValue: k }),
    entity: (e) => t(`entities.${e}`, { defaultValue: e }),
    status: (s) => t(`opStatus.${s}`, { defaultValue: s }),
  };
  const exportCsv = () => download(`data:text/csv;charset=utf-8,${encodeURIComponent(operationsCsv(rows, csvWords))}`, `amosweep-plan-${plan.id}.csv`);
  const exportXlsx = async () => {
    const r = await exporter.run({ plan: plan.id, format: 'xlsx', lang: lang === 'en' ? 'en' : 'ru', inline: true });
    if (!r.ok) return;
    if (r.value.dataUrl) download(r.value.dataUrl, r.value.fileName);
    toast.show({ kind: 'success', message: t('export.done', { path: r.value.path }) });
  };

  return (
    <section className="card changes-plan" aria-label={t('plan.title', { id: plan.id })} data-testid="changes-plan" data-plan-id={plan.id} data-status={plan.status}>
      <h2>{t(plan.kind === 'rollback' ? 'plans.rollbackName' : 'plans.name', { id: plan.id, of: plan.rollbackOf ?? '' })}</h2>
      <p className="muted">
        {Object.entries(plan.byStatus)
          .map(([s, n]) => `${t(`opStatus.${s}`, { defaultValue: s })}: ${formatNumber(n, lang)}`)
          .join(' · ')}
      </p>
      <div className="changes-actions">
        <button type="button" className="btn" onClick={() => void runDry()} disabled={dry.pending || pending === 0} data-testid="changes-dry-run">
          {t('actions.dryRun')}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setConfirm('push')} disabled={running || pending === 0 || !connection} data-testid="changes-push" data-running={running}>
          {t('actions.push')}
        </button>
        <button type="button" className="btn btn-danger" onClick={() => setConfirm('rollback')} disabled={rollback.pending || !canRollBack} data-testid="changes-rollback">
          {t('actions.rollback')}
        </button>
        <button type="button" className="btn" onClick={exportCsv} disabled={rows.length === 0} data-testid="changes-export-csv">
          {t('actions.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => void exportXlsx()} disabled={exporter.pending || plan.operations === 0} data-testid="changes-export-xlsx">
          {t('actions.exportXlsx')}
        </button>
      </div>
      <ErrorNotice error={exporter.error} onDismiss={exporter.clearError} compact />
      {!connection && pending > 0 ? <p className="muted">{t('push.noConnection')}</p> : null}
      {dry.error ? <ErrorNotice error={dry.error} compact /> : null}
      {estimate ? (
        <p data-testid="changes-estimate">
          {t('dryRun.summary', {
            operations: formatNumber(estimate.operations, lang),
            requests: formatNumber(estimate.result.requests, lang),
            // rounded up: an estimate should not promise less than it takes
            time: formatDuration(Math.ceil(estimate.result.estimatedSeconds), lang),
            rps: estimate.result.rps,
            entities: formatNumber(estimate.result.entities, lang),
          })}
        </p>
      ) : null}
      {estimate?.result.changes?.length ? <DryRunChanges changes={estimate.result.changes} total={pending} /> : null}
      {job ? <JobProgress job={job} showSteps stepLabel={(step) => t(`kinds.${step.key}`, { defaultValue: step.key })} onDismiss={() => { setJobId(null); onChanged(); ops.reload(); }} /> : null}
      {job?.status === 'done' ? <ConcurrentEdits result={job.result} /> : null}
      {ops.status === 'error' ? <ErrorNotice error={ops.error} onRetry={ops.reload} /> : null}
      <DataTable data={rows} columns={columns} getRowId={(o) => String(o.id)} label={t('ops.label')} testId="changes-operations" empty={<p className="muted">{t('ops.empty')}</p>} fitRows />
      <ConfirmDialog
        open={confirm !== null}
        title={confirm === 'rollback' ? t('rollback.confirmTitle') : t('push.confirmTitle')}
        danger={confirm === 'rollback'}
        onCancel={() => setConfirm(null)}
        onConfirm={() => void (confirm === 'rollback' ? runRollback() : runPush())}
      >
        <p>{confirm === 'rollback' ? t('rollback.confirmText') : t('push.confirmText', { account: connection?.subdomain ?? '' })}</p>
        <p data-testid="confirm-counts">
          {confirm === 'rollback'
            ? t('rollback.confirmCounts', { count: plan.revertible, n: formatNumber(plan.revertible, lang) })
            : t('push.confirmCounts', { count: pending, n: formatNumber(pending, lang) })}
          {confirm === 'push' && estimate
            ? ` ${t('push.confirmRequests', { requests: formatNumber(estimate.result.requests, lang), time: formatDuration(Math.ceil(estimate.result.estimatedSeconds), lang) })}`
            : ''}
        </p>
      </ConfirmDialog>
    </section>
  );
}

/** The dry run's values before and after, for the first operations that change something. */
function DryRunChanges({ changes, total }: { changes: NonNullable<DryRunResult['changes']>; total: number }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const shown = changes.slice(0, 200);
  return (
    <div className="changes-dry" data-testid="changes-dry-changes" data-count={changes.length}>
      <h3>{t('dryRun.changesTitle')}</h3>
      <div className="changes-suggested-scroll">
        <table className="plain">
          <TableHead columns={[t('ops.kind'), t('ops.entity'), t('ops.field'), t('ops.before'), t('ops.after')]} />
          <tbody>
            {shown.flatMap((c) =>
              c.changes.map((v, k) => (
                <tr key={`${c.operation}:${k}`} data-testid="changes-dry-row" data-kind={c.kind}>
                  <td>{k === 0 ? t(`kinds.${c.kind}`, { defaultValue: c.kind }) : ''}</td>
                  <td translate="no">{k === 0 ? entityLabel(t, c) : ''}</td>
                  <td translate={v.field.startsWith('@') ? undefined : 'no'}>{fieldLabel(t, v.field)}</td>
                  <td className="muted" data-testid="changes-dry-before" translate="no">
                    {v.before === '' ? '—' : v.before}
                  </td>
                  <td data-testid="changes-dry-after" translate="no">
                    {v.after === '' ? '—' : v.after}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      {total > shown.length ? <p className="muted">{t('dryRun.more', { count: total, shown: formatNumber(shown.length, lang), total: formatNumber(total, lang) })}</p> : null}
    </div>
  );
}

/** What the public API cannot do: left for the admin, checked on the next refresh. */
function Checklist() {
  const { t } = useTranslation('changes');
  return (
    <details className="changes-checklist">
      <summary>{t('checklist.title')}</summary>
      <ul>
        <li>{t('checklist.deleteMerged')}</li>
        <li>{t('checklist.unusedTags')}</li>
        <li>{t('checklist.deleteRights')}</li>
        <li>{t('checklist.notes')}</li>
      </ul>
    </details>
  );
}
