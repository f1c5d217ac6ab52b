// runtime: browser
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  blocksBulkAccept,
  MATCH_ENTITIES,
  MATCH_PRESETS,
  RESPONSIBLE_FIELD,
  SURVIVOR_RULES,
  type GroupStatus,
  type MatchEntity,
  type MatchGroupDetail,
  type MatchComparisonView,
  type MatchGroupSummary,
  type MatchPairView,
  type MatchPreset,
  type MatchWeightsView,
  type SurvivorRule,
} from '../../../../shared/api/methods/match';
import { useAction, useCall, useJob, useSnapshot } from '../../api/context';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { NoSnapshot } from '../../components/NoSnapshot';
import { ScreenHeader } from '../../components/ScreenHeader';
import { formatDateTime, formatNumber, formatPercent } from '../../lib/format';
import { ChoiceCell } from './ChoiceCell';
import { acceptChoices, choiceFields, defaultPick, effectivePicks, storedChoices, validPicks, type Picks } from './field-choices';
import { formatThreshold, formatWeight, levelKey, nextIndex, strengthOf } from './keys';
import { Tabs } from '../../components/Tabs';

export default function DuplicatesScreen() {
  const { t } = useTranslation('duplicates');
  const { info } = useSnapshot();
  return (
    <>
      <ScreenHeader title={t('title')} description={t('description')} />
      {info ? <Duplicates /> : <NoSnapshot />}
    </>
  );
}

function Duplicates() {
  const { t, i18n } = useTranslation('duplicates');
  const lang = i18n.language;
  const [entity, setEntity] = useState<MatchEntity>('contacts');
  const [preset, setPreset] = useState<MatchPreset>('balanced');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const runs = useCall('match.runs', {}, { refreshOnSnapshotChange: true });
  const groups = useCall('match.groups', { entity, status: 'all', offset: 0, limit: 50_000 }, { refreshOnSnapshotChange: true });
  const runAction = useAction('match.run');
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  // the bulk threshold in percent, typed the way the table shows confidence
  const [thresholdPct, setThresholdPct] = useState(99);
  const threshold = thresholdPct / 100;
  const [statusFilter, setStatusFilter] = useState<GroupStatus | 'all'>('all');
  const bulk = useAction('match.bulkAccept');
  const [lastDecision, setLastDecision] = useState<number | null>(null);
  const undo = useAction('match.undo');
  const { reload: reloadGroups } = groups;
  const { reload: reloadRuns } = runs;

  useEffect(() => {
    if (job?.status === 'done') {
      reloadGroups();
      reloadRuns();
    }
  }, [job?.status, reloadGroups, reloadRuns]);

  const allGroups: MatchGroupSummary[] = useMemo(() => groups.value?.groups ?? [], [groups.value]);
  // "not a duplicate" and accepted groups stay reachable through the status filter
  const list: MatchGroupSummary[] = useMemo(() => (statusFilter === 'all' ? allGroups : allGroups.filter((g) => g.status === statusFilter)), [allGroups, statusFilter]);
  const reviewed = allGroups.filter((g) => g.status !== 'open').length;
  const selectedIndex = list.findIndex((g) => g.key === selectedKey);
  const run = runs.value?.find((r) => r.entity === entity) ?? null;

  const onDecided = useCallback(
    (decisionId: number | null, advance: boolean) => {
      setLastDecision(decisionId);
      if (advance && selectedIndex >= 0) setSelectedKey(list[nextIndex(selectedIndex, list.length, 1)]?.key ?? null);
      reloadGroups();
    },
    [list, selectedIndex, reloadGroups],
  );

  const startRun = async () => {
    const r = await runAction.run({ entities: [...MATCH_ENTITIES], preset });
    if (r.ok) setJobId(r.value.jobId);
  };

  const columns = useMemo<ColumnDef<MatchGroupSummary>[]>(
    () => [
      { id: 'names', header: t('groups.cards'), accessorFn: (g) => g.names.join(' · '), size: 180, meta: { userData: true } },
      { id: 'size', header: t('groups.size'), accessorFn: (g) => g.size, size: 68, meta: { align: 'right' } },
      {
        id: 'confidence',
        header: t('groups.confidence'),
        accessorFn: (g) => g.confidence,
        cell: (c) => formatPercent(c.getValue<number>(), lang),
        size: 124,
        meta: { align: 'right' },
      },
      {
        // compact: the count of risks, named in the tooltip and in the group's detail
        id: 'risk',
        header: t('groups.risk'),
        accessorFn: (g) => g.risk.length,
        cell: (c) => {
          const risks = c.row.original.risk.map((r) => t(`risk.${r}`));
          return risks.length === 0 ? '—' : <span title={risks.join(', ')} aria-label={risks.join(', ')}>⚠ {risks.length}</span>;
        },
        size: 80,
        meta: { align: 'right' },
      },
      { id: 'status', header: t('groups.status'), accessorFn: (g) => t(`status.${g.status}`), size: 110 },
    ],
    [t, lang],
  );

  const openCount = allGroups.filter((g) => g.status === 'open').length;
  const bulkCandidates = allGroups.filter((g) => g.status === 'open' && g.confidence >= threshold);
  // only blocking risks hold a group back; "different responsible" is shown, not blocking
  const bulkHeld = bulkCandidates.filter((g) => g.risk.some(blocksBulkAccept)).length;

  return (
    <div className="duplicates" data-testid="duplicates">
      <div className="browse-toolbar" style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <Tabs
          ids={MATCH_ENTITIES}
          selected={entity}
          onSelect={(e) => {
            setEntity(e);
            setSelectedKey(null);
          }}
          label={t('entity.label')}
          testId={(e) => `duplicates-tab-${e}`}
        >
          {(e) => t(`entity.${e}`)}
        </Tabs>
        <label>
          {t('run.preset')}{' '}
          <select value={preset} onChange={(ev) => setPreset(ev.target.value as MatchPreset)} data-testid="duplicates-preset">
            {MATCH_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`preset.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => void startRun()} disabled={runAction.pending || job?.status === 'running'} data-testid="duplicates-run">
          {t('run.button')}
        </button>
        <button type="button" className="btn" onClick={() => setBulkOpen(true)} disabled={openCount === 0} data-testid="duplicates-bulk">
          {t('bulk.button')}
        </button>
        {lastDecision !== null ? (
          <button
            type="button"
            className="btn btn-ghost"
            data-testid="duplicates-undo"
            onClick={() =>
              void undo.run({ decisionId: lastDecision }).then((r) => {
                if (r.ok) onDecided(null, false);
              })
            }
          >
            {t('undo')}
          </button>
        ) : null}
        <label>
          {t('filter.label')}{' '}
          <select value={statusFilter} onChange={(ev) => setStatusFilter(ev.target.value as GroupStatus | 'all')} data-testid="duplicates-status-filter">
            {(['all', 'open', 'accepted', 'excluded'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`filter.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="duplicates-reviewed">
          {t('reviewed', { reviewed: formatNumber(reviewed, lang), total: formatNumber(allGroups.length, lang) })}
        </span>
        <span className="muted" data-testid="duplicates-run-info">
          {run
            ? t('run.info', { count: run.groups, groups: formatNumber(run.groups, lang), records: formatNumber(run.records, lang), at: formatDateTime(run.createdAt, lang), preset: t(`preset.${run.preset}`, { defaultValue: run.preset }) })
            : t('run.none')}
        </span>
        <span className="muted">{t('keys')}</span>
      </div>
      {runAction.error ? <ErrorNotice error={runAction.error} onDismiss={runAction.clearError} /> : null}
      {undo.error ? <ErrorNotice error={undo.error} onDismiss={undo.clearError} /> : null}
      {job && job.status !== 'done' ? <JobProgress job={job} stepLabel={(s) => t(`entity.${s.key}`, { defaultValue: s.key })} /> : null}
      {groups.error ? <ErrorNotice error={groups.error} onRetry={reloadGroups} /> : null}
      {run?.weights ? <WeightsPanel weights={run.weights} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(560px, 1fr) minmax(0, 1.2fr)', gap: 16, minHeight: 480 }}>
        <div style={{ height: 'calc(100vh - 300px)', minHeight: 400, display: 'flex', flexDirection: 'column' }}>
          <DataTable
            data={list}
            columns={columns}
            getRowId={(g) => g.key}
            label={t('groups.label')}
            selectedRowId={selectedKey}
            onRowSelect={(g) => setSelectedKey(g.key)}
            columnFilters={false}
            testId="duplicates-groups"
            empty={<EmptyState title={run ? t('groups.empty') : t('run.none')} description={run ? undefined : t('run.hint')} />}
          />
        </div>
        <div>
          {selectedKey ? (
            <GroupView
              key={`${entity}:${selectedKey}`}
              entity={entity}
              groupKey={selectedKey}
              onDecided={onDecided}
              onMove={(step) => setSelectedKey(list[nextIndex(Math.max(0, selectedIndex), list.length, step)]?.key ?? null)}
            />
          ) : (
            <Keyboard list={list} onSelect={setSelectedKey}>
              <EmptyState title={t('detail.none')} description={t('keys')} />
            </Keyboard>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={bulkOpen}
        title={t('bulk.title')}
        confirmLabel={t('bulk.confirm', { count: bulkCandidates.length - bulkHeld })}
        onCancel={() => setBulkOpen(false)}
        onConfirm={() => {
          setBulkOpen(false);
          void bulk.run({ entity, minConfidence: threshold, survivorRule: 'most_deals' }).then((r) => {
            if (r.ok) onDecided(null, false);
          });
        }}
      >
        <label>
          {t('bulk.threshold')}{' '}
          <input
            type="number"
            min={50}
            max={100}
            step={0.5}
            value={thresholdPct}
            onChange={(ev) => setThresholdPct(Number(ev.target.value))}
            data-testid="duplicates-bulk-threshold"
          />{' '}
          %
        </label>
        <p>{t('bulk.summary', { count: bulkCandidates.length, held: bulkHeld })}</p>
      </ConfirmDialog>
      {bulk.error ? <ErrorNotice error={bulk.error} onDismiss={bulk.clearError} /> : null}
    </div>
  );
}

/** j/k move through the groups when no group is open yet. */
function Keyboard({ list, onSelect, children }: { list: MatchGroupSummary[]; onSelect: (key: string) => void; children: ReactNode }) {
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (isTyping(ev)) return;
      if ((ev.key === 'j' || ev.key === 'k') && list[0]) onSelect(list[0].key);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [list, onSelect]);
  return <>{children}</>;
}

const isTyping = (ev: KeyboardEvent) => {
  const el = ev.target as HTMLElement | null;
  // a focused radio button or checkbox takes no letters: j/k/a/x still work there
  const choice = el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox');
  return ev.ctrlKey || ev.metaKey || ev.altKey || (el !== null && !choice && (el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA' || el.isContentEditable));
};

function GroupView({
  entity,
  groupKey,
  onDecided,
  onMove,
}: {
  entity: MatchEntity;
  groupKey: string;
  onDecided: (decisionId: number | null, advance: boolean) => void;
  onMove: (step: number) => void;
}) {
  const { t, i18n } = useTranslation('duplicates');
  const lang = i18n.language;
  const [rule, setRule] = useState<SurvivorRule>('most_deals');
  const [survivorId, setSurvivorId] = useState<number | undefined>(undefined);
  const detail = useCall('match.group', { entity, key: groupKey, survivorRule: rule, ...(survivorId !== undefined ? { survivorId } : {}) });
  const accept = useAction('match.accept');
  const exclude = useAction('match.exclude');
  const g: MatchGroupDetail | undefined = detail.value;
  // explicit per-field picks (field key → candidate id); defaults follow the survivor
  const [explicit, setExplicit] = useState<Picks>({});
  const fields = useMemo(() => (g ? choiceFields(g) : []), [g]);
  const survivor = g ? (g.decision?.survivorId ?? g.proposedSurvivor) : 0;
  const picks = useMemo(() => effectivePicks(fields, survivor, explicit), [fields, survivor, explicit]);
  const stored = useMemo(() => storedChoices(fields, g?.decision ?? null), [fields, g]);
  const fieldByKey = useMemo(() => new Map(fields.map((f) => [f.key, f])), [fields]);

  const doAccept = useCallback(async () => {
    if (!g || g.status !== 'open') return;
    const fieldChoices = acceptChoices(fields, picks, g.proposedSurvivor);
    const r = await accept.run({ entity, key: groupKey, survivorRule: rule, ...(survivorId !== undefined ? { survivorId } : {}), fieldChoices });
    if (r.ok) onDecided(r.value.id, true);
  }, [accept, entity, groupKey, rule, survivorId, g, fields, picks, onDecided]);
  const doExclude = useCallback(
    async (cardId?: number) => {
      if (!g || g.status !== 'open') return;
      const r = await exclude.run({ entity, key: groupKey, ...(cardId !== undefined ? { cardId } : {}) });
      if (r.ok) onDecided(r.value.id, cardId === undefined);
      if (r.ok && cardId !== undefined) detail.reload();
    },
    [exclude, entity, groupKey, g, onDecided, detail],
  );

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (isTyping(ev)) return;
      if (ev.key === 'j') onMove(1);
      else if (ev.key === 'k') onMove(-1);
      else if (ev.key === 'a') void doAccept();
      else if (ev.key === 'x') void doExclude();
      else return;
      ev.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onMove, doAccept, doExclude]);

  if (detail.error) return <ErrorNotice error={detail.error} onRetry={detail.reload} />;
  if (!g) return <p className="muted">{t('detail.loading')}</p>;
  const open = g.status === 'open';
  const fieldName = (key: string, label: string) =>
    key === 'name' || key === 'phone' || key === 'email' ? t(`fields.${key}`) : key === RESPONSIBLE_FIELD ? t('fields.responsible') : label;
  const changed = Object.keys(validPicks(fields, explicit)).filter((k) => {
    const f = fieldByKey.get(k);
    return f ? explicit[k] !== defaultPick(f, survivor) : false;
  }).length;
  const placeholderText = (name: string) => (name.trim() ? t('detail.placeholder', { name }) : t('detail.placeholderEmpty'));
  const verdictText = (p: MatchPairView) =>
    p.verdict?.code === 'vetoed' && p.verdict.by
      ? t('verdict.vetoed', { field: t(`fields.${p.verdict.by}`, { defaultValue: p.verdict.by }) })
      : t(`verdict.${p.verdict?.code ?? (p.passed ? 'linked' : 'below_threshold')}`);
  const comparisonText = (c: MatchComparisonView) => {
    const lk = levelKey(c);
    const field = t(`fields.${c.id}`, { defaultValue: c.id });
    const level = t(`level.${lk.key}`, { t: lk.t !== undefined ? formatThreshold(lk.t, lang) : '' });
    const st = strengthOf(c.weight);
    const strength = t(`strength.${st.key}${st.against ? 'Against' : ''}`, { weight: formatWeight(c.weight, lang) });
    const extras = [
      c.phoneKind ? t(`phoneKind.${c.phoneKind}`) : null,
      c.role ? t('detail.role') : null,
      c.sharedBy && c.sharedBy > 1 ? t('detail.sharedBy', { count: c.sharedBy }) : null,
    ].filter((x): x is string => x !== null);
    return `${field}: ${level}${extras.length ? ` (${extras.join(', ')})` : ''} — ${strength}`;
  };
  const placeholderIds = new Set(g.pairs.flatMap((p) => p.placeholders ?? []));
  return (
    <div className="card" data-testid="duplicates-detail" data-group={g.key}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'center', flexWrap: 'wrap' }}>
        <strong>{t('detail.title', { count: g.size })}</strong>
        <span className="badge">{formatPercent(g.confidence, lang)}</span>
        <span className="badge" data-testid="duplicates-detail-status" data-status={g.status}>{t(`status.${g.status}`)}</span>
        {g.risk.map((r) => (
          <span key={r} className="badge badge-paused" title={t(`riskHint.${r}`)}>
            {t(`risk.${r}`)}
          </span>
        ))}
        <label>
          {t('detail.survivorRule')}{' '}
          <select
            value={rule}
            disabled={!open}
            onChange={(ev) => {
              setRule(ev.target.value as SurvivorRule);
              setSurvivorId(undefined);
            }}
            data-testid="duplicates-survivor-rule"
          >
            {SURVIVOR_RULES.map((r) => (
              <option key={r} value={r}>
                {t(`survivor.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={!open || accept.pending} onClick={() => void doAccept()} data-testid="duplicates-accept">
          {t('detail.accept')}
        </button>
        <button type="button" className="btn" disabled={!open || exclude.pending} onClick={() => void doExclude()} data-testid="duplicates-exclude">
          {t('detail.exclude')}
        </button>
      </div>
      <p className="muted" style={{ margin: '8px 0 0' }} data-testid="duplicates-choice-hint">
        {g.decision
          ? t('choice.storedHint', { survivor: `#${g.decision.survivorId ?? survivor}` })
          : open
            ? `${t('choice.hint')}${changed > 0 ? ` ${t('choice.changed', { count: changed })}` : ''}`
            : ''}
        {open && changed > 0 ? (
          <>
            {' '}
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setExplicit({})} data-testid="duplicates-choice-reset">
              {t('choice.reset')}
            </button>
          </>
        ) : null}
      </p>
      {accept.error ? <ErrorNotice error={accept.error} onDismiss={accept.clearError} compact /> : null}
      {exclude.error ? <ErrorNotice error={exclude.error} onDismiss={exclude.clearError} compact /> : null}
      <div style={{ overflowX: 'auto', marginTop: 12 }}>
        <table className="plain compare" data-testid="duplicates-cards" style={{ minWidth: 140 + g.cards.length * 150 + 220 }}>
          <colgroup>
            <col style={{ width: 140 }} />
            {g.cards.map((c) => (
              <col key={c.id} />
            ))}
            <col style={{ width: '36%' }} />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">{t('detail.field')}</th>
              {g.cards.map((c) => (
                <th key={c.id} scope="col" style={{ textAlign: 'left', background: c.id === survivor ? 'rgba(60,160,90,0.15)' : undefined }}>
                  <div>
                    #{c.id} {c.id === survivor ? `· ${t('detail.survivor')}` : ''}
                  </div>
                  <div className="muted">
                    {t('detail.deals', { count: c.deals, active: c.activeDeals })} · {formatDateTime(c.createdAt, lang)}
                  </div>
                  {c.responsible ? <div className="muted" translate="no">{c.responsible}</div> : null}
                  {placeholderIds.has(c.id) ? (
                    <div className="badge badge-paused" data-testid="duplicates-card-placeholder">
                      {placeholderText(c.name)}
                    </div>
                  ) : null}
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }}>
                    {c.id !== survivor ? (
                      <button type="button" className="btn btn-small" disabled={!open} onClick={() => setSurvivorId(c.id)} data-testid={`duplicates-make-survivor-${c.id}`}>
                        {t('detail.makeSurvivor')}
                      </button>
                    ) : null}
                    <button type="button" className="btn btn-small btn-ghost" disabled={!open} onClick={() => void doExclude(c.id)} data-testid={`duplicates-exclude-card-${c.id}`}>
                      {t('detail.excludeCard')}
                    </button>
                  </div>
                </th>
              ))}
              <th scope="col">{t('detail.result')}</th>
            </tr>
          </thead>
          <tbody>
            {g.fields.map((f) => {
              const choice = fieldByKey.get(f.key);
              return (
                <tr key={f.key} style={f.differs ? { background: 'rgba(240,180,40,0.15)' } : undefined} data-differs={f.differs ? 'true' : 'false'} data-field={f.key}>
                  <th scope="row" style={{ textAlign: 'left' }}>
                    {fieldName(f.key, f.label)}
                  </th>
                  {f.values.map((v, i) => (
                    <td key={g.cards[i]?.id ?? i} className="dup-values" translate="no">
                      {v.map((x) => f.valueLabels?.[x] ?? x).join('\n')}
                    </td>
                  ))}
                  <td className="compare-result">
                    {choice ? (
                      <ChoiceCell
                        field={choice}
                        fieldName={fieldName(f.key, f.label)}
                        groupKey={g.key}
                        survivorId={survivor}
                        picked={picks[f.key] ?? null}
                        defaultId={defaultPick(choice, survivor)}
                        stored={g.decision ? (stored[f.key] ?? null) : null}
                        disabled={!open}
                        onPick={(id) => setExplicit((prev) => ({ ...prev, [f.key]: id }))}
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h3 style={{ marginTop: 16 }}>{t('detail.why')}</h3>
      <ul data-testid="duplicates-explanation">
        {g.pairs.map((p) => (
          <li key={`${p.a}-${p.b}`} data-testid="duplicates-pair">
            <div>
              #{p.a} ↔ #{p.b}: <strong>{formatPercent(p.probability, lang)}</strong> — {verdictText(p)}
            </div>
            {(p.placeholders ?? []).map((id) => (
              <div key={id} className="muted" data-testid="duplicates-placeholder">
                #{id} — {placeholderText(g.cards.find((c) => c.id === id)?.name ?? '')}
              </div>
            ))}
            <div className="muted" title={lang === 'en' ? p.reason : undefined} data-testid="duplicates-evidence">
              {p.comparisons
                .filter((c) => c.code !== 'missing' && c.level !== 'missing')
                .map((c) => comparisonText(c))
                .join(' · ')}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The weights of the latest run per comparison and level, with where they come from (learned, preset, rules file). */
function WeightsPanel({ weights }: { weights: MatchWeightsView[] }) {
  const { t, i18n } = useTranslation('duplicates');
  const lang = i18n.language;
  const learned = weights.filter((w) => w.source === 'learned').length;
  return (
    <details className="card" data-testid="duplicates-weights" style={{ margin: '8px 0' }}>
      <summary>{t('weights.title', { learned, total: weights.length })}</summary>
      <table className="plain">
        <thead>
          <tr>
            <th scope="col">{t('weights.comparison')}</th>
            <th scope="col">{t('weights.source')}</th>
            <th scope="col">{t('weights.levels')}</th>
          </tr>
        </thead>
        <tbody>
          {weights.map((w) => (
            <tr key={w.id} data-testid="duplicates-weight-row" data-source={w.source}>
              <td>{t(`fields.${w.id}`, { defaultValue: w.id })}</td>
              <td>{t(`weights.${w.source}`)}</td>
              <td>
                {w.levels
                  .map((l) => {
                    const lk = levelKey(l);
                    return `${t(`level.${lk.key}`, { t: lk.t !== undefined ? formatThreshold(lk.t, lang) : '' })} ${formatWeight(l.weight, lang)}`;
                  })
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
