// runtime: browser
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useCall } from '../../api/context';
import { useRoute } from '../../app/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useToast } from '../../components/Toast';
import { formatNumber } from '../../lib/format';
import { fieldLabel } from './values';
import { PLAN_REQUEST } from '../../../../shared/plan/operations';

/**
 * The groups accepted in the duplicates review, and where each stands: not planned yet, in an
 * open plan, or merged by a push. "Plan the merges" turns the accepted ones into the operations
 * of the open plan, with the survivor and the values chosen in the review.
 */
export function MergeGroups({ onPlanned, signature }: { onPlanned: (plan: number) => void; signature: string }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const toast = useToast();
  const { navigate } = useRoute();
  const groups = useCall('plan.mergeGroups', {}, { refreshOnSnapshotChange: true });
  const reloadGroups = groups.reload;
  // the plans changed (a push, a rollback): the groups' states too
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else reloadGroups();
  }, [signature, reloadGroups]);
  const add = useAction('plan.add');
  const list = groups.value ?? [];
  if (groups.status === 'error' && !groups.value) return <ErrorNotice error={groups.error} onRetry={groups.reload} compact />;
  if (list.length === 0) return null;
  const accepted = list.filter((g) => g.state === 'accepted').length;
  const plan = async () => {
    const r = await add.run({ operation: PLAN_REQUEST.mergeAccepted });
    if (!r.ok) return;
    groups.reload();
    // nothing left to plan: no plan was made
    if (r.value.plan === null || r.value.operations === 0) toast.show({ kind: 'info', message: t('merges.nothing') });
    else {
      toast.show({ kind: 'success', message: t('merges.planned', { count: accepted, n: formatNumber(accepted, lang), plan: r.value.plan }) });
      onPlanned(r.value.plan);
    }
  };
  return (
    <section className="card changes-merges" aria-label={t('merges.title')} data-testid="changes-merges" data-accepted={accepted}>
      <div className="changes-merges-head">
        <h2>{t('merges.title')}</h2>
        <button type="button" className="btn btn-primary" onClick={() => void plan()} disabled={add.pending || accepted === 0} data-testid="changes-plan-merges">
          {t('merges.plan', { count: accepted, n: formatNumber(accepted, lang) })}
        </button>
        <button type="button" className="btn btn-ghost" onClick={() => navigate('duplicates')}>
          {t('merges.review')}
        </button>
      </div>
      <p className="muted">{t('merges.description')}</p>
      <ul className="changes-merge-list">
        {list.map((g) => (
          <li key={g.decisionId} data-testid="changes-merge-group" data-state={g.state} data-survivor={g.survivor.id}>
            <span className={`badge badge-${g.state === 'merged' ? 'done' : g.state === 'planned' ? 'running' : 'queued'}`}>
              {t(`merges.state.${g.state}`, { plan: g.plan ?? '' })}
            </span>{' '}
            <strong translate="no">{g.survivor.name || `#${g.survivor.id}`}</strong>{' '}
            <span className="muted">
              ← <span translate="no">{g.losers.map((l) => l.name || `#${l.id}`).join(', ')}</span>
              {g.choices.length ? <span translate="no">{` · ${g.choices.map((c) => `${fieldLabel(t, c.field)}: ${c.value}`).join(' · ')}`}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      <ErrorNotice error={add.error} onDismiss={add.clearError} compact />
    </section>
  );
}
