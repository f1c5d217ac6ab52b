// runtime: browser
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CompareReport, GroupChange } from '../../../../shared/compare/types';
import { useAction, useCall, useJob, useSnapshot } from '../../api/context';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobProgress } from '../../components/JobProgress';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableHead } from '../../components/TableHead';
import { baseName, formatDateTime, formatNumber } from '../../lib/format';

const signed = (n: number, lang: string, digits = 0) => (n > 0 ? '+' : '') + formatNumber(n, lang, digits);

export default function CompareScreen() {
  const { t } = useTranslation('compare');
  const files = useCall('snapshot.files', {});
  const snapshot = useSnapshot();
  const start = useAction('compare.start');
  const valid = useMemo(() => [...(files.value ?? [])].filter((f) => f.valid).sort((a, b) => (a.finishedAt ?? 0) - (b.finishedAt ?? 0)), [files.value]);
  const [oldFile, setOld] = useState('');
  const [newFile, setNew] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJob(jobId);
  const report = job?.status === 'done' ? ((job.result as { report?: CompareReport } | undefined)?.report ?? null) : null;
  // defaults: the two newest files, or the open snapshot as NEW
  const olderDefault = valid.length >= 2 ? valid[valid.length - 2]!.file : '';
  const newerDefault = snapshot.info?.file ?? valid[valid.length - 1]?.file ?? '';
  const oldValue = oldFile || olderDefault;
  const newValue = newFile || newerDefault;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const res = await start.run({ old: oldValue, new: newValue });
    if (res.ok) setJobId(res.value.jobId);
  };

  return (
    <>
      <ScreenHeader title={t('title')} description={t('description')} />
      <section className="card" aria-labelledby="compare-pick">
        <h2 id="compare-pick">{t('pick.title')}</h2>
        {valid.length < 2 ? (
          <EmptyState title={t('pick.empty')} description={t('pick.emptyHint')} testId="compare-empty" />
        ) : (
          <form className="form" onSubmit={submit} data-testid="compare-form">
            <div className="form-row">
              {(
                [
                  ['old', oldValue, setOld],
                  ['new', newValue, setNew],
                ] as const
              ).map(([key, value, set]) => (
                <div className="field" key={key}>
                  <label htmlFor={`compare-${key}`}>{t(`pick.${key}`)}</label>
                  <select id={`compare-${key}`} value={value} onChange={(e) => set(e.target.value)} data-testid={`compare-${key}`}>
                    {valid.map((f) => (
                      <option key={f.file} value={f.file}>
                        {f.name} · {f.accountName ?? f.subdomain ?? '—'} · {formatDateTime(f.finishedAt, 'ru')}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </div>
            <ErrorNotice error={start.error} onDismiss={start.clearError} />
            <div>
              <button type="submit" className="btn btn-primary" disabled={start.pending || !oldValue || !newValue || oldValue === newValue} data-testid="compare-start">
                {t('pick.submit')}
              </button>
            </div>
          </form>
        )}
        {job && job.status !== 'done' ? <JobProgress job={job} showSteps={false} /> : null}
        {job?.status === 'failed' && job.error ? <ErrorNotice error={job.error} /> : null}
      </section>
      {report ? <Report report={report} /> : null}
    </>
  );
}

function Report({ report }: { report: CompareReport }) {
  const { t, i18n } = useTranslation('compare');
  const lang = i18n.language;
  const delta = Math.round((report.new.health - report.old.health) * 10) / 10;
  const findings = report.findings.filter((f) => f.before !== 0 || f.after !== 0);
  const history = report.history.map((h) => ({ name: formatDateTime(h.finishedAt, lang), health: h.health, file: baseName(h.file) }));
  return (
    <div data-testid="compare-report">
      <section className="card" aria-labelledby="compare-health">
        <h2 id="compare-health">{t('health.title')}</h2>
        <p className="screen-description">{t('health.definition')}</p>
        <dl className="counts" data-testid="compare-health">
          <div>
            <dt>{t('health.old', { name: baseName(report.old.file) })}</dt>
            <dd data-testid="compare-health-old">{formatNumber(report.old.health, lang, 1)}</dd>
          </div>
          <div>
            <dt>{t('health.new', { name: baseName(report.new.file) })}</dt>
            <dd data-testid="compare-health-new">{formatNumber(report.new.health, lang, 1)}</dd>
          </div>
          <div>
            <dt>{t('health.delta')}</dt>
            <dd>
              {signed(delta, lang, 1)}{' '}
              {report.regression ? <span className="badge badge-invalid" data-testid="compare-regression">{t('health.regression')}</span> : null}
            </dd>
          </div>
        </dl>
        {history.length > 1 ? (
          <div aria-label={t('health.history')} role="img">
            <ResponsiveContainer width="100%" height={200}>
              <LineChart data={history}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="name" interval="preserveStartEnd" />
                <YAxis domain={[0, 100]} />
                <Tooltip />
                <Line type="monotone" dataKey="health" name={t('health.title')} stroke="var(--accent, #2f6fde)" isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
        ) : null}
      </section>
      <section className="card" aria-labelledby="compare-findings">
        <h2 id="compare-findings">{t('findings.title')}</h2>
        <table className="plain" data-testid="compare-findings">
          <TableHead columns={[t('findings.finding'), { label: t('findings.old'), num: true }, { label: t('findings.new'), num: true }, { label: t('findings.delta'), num: true }]} />
          <tbody>
            {findings.map((f) => (
              <tr key={f.id} data-finding={f.id}>
                <td>{f.title[lang === 'en' ? 'en' : 'ru']}</td>
                <td className="num">{formatNumber(f.before, lang)}</td>
                <td className="num">{formatNumber(f.after, lang)}</td>
                <td className={f.delta > 0 ? 'num text-danger' : 'num'}>{f.delta === 0 ? '' : signed(f.delta, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="grid-2">
        <Groups title={t('groups.new', { count: report.newGroups.length })} groups={report.newGroups} testId="compare-new-groups" />
        <Groups title={t('groups.resolved', { count: report.resolvedGroups.length })} groups={report.resolvedGroups} testId="compare-resolved-groups" />
      </div>
      <section className="card" aria-labelledby="compare-changes">
        <h2 id="compare-changes">{t('changes.title')}</h2>
        <table className="plain">
          <TableHead columns={[t('changes.entity'), { label: t('findings.old'), num: true }, { label: t('findings.new'), num: true }]} />
          <tbody>
            {report.changes.counts.map((c) => (
              <tr key={c.entity}>
                <td>{t(`common:collections.${c.entity}`, { defaultValue: c.entity })}</td>
                <td className="num">{formatNumber(c.before, lang)}</td>
                <td className="num">{formatNumber(c.after, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {report.changes.updatedBy.length > 0 ? (
          <table className="plain" data-testid="compare-updated-by">
            <TableHead columns={[t('changes.entity'), t('changes.lastChangedBy'), { label: t('changes.changed'), num: true }]} />
            <tbody>
              {report.changes.updatedBy.map((u) => (
                <tr key={`${u.entity}:${String(u.userId)}`}>
                  <td>{t(`common:collections.${u.entity}`, { defaultValue: u.entity })}</td>
                  <td>{u.name || t('changes.system')}</td>
                  <td className="num">{formatNumber(u.count, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {report.changes.hasEvents ? (
          <div className="grid-2">
            <table className="plain" data-testid="compare-by-type">
              <TableHead columns={[t('changes.type'), { label: t('changes.count'), num: true }]} />
              <tbody>
                {report.changes.byType.map((e) => (
                  <tr key={e.type}>
                    <td><code>{e.type}</code></td>
                    <td className="num">{formatNumber(e.count, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="plain" data-testid="compare-by-user">
              <TableHead columns={[t('changes.user'), { label: t('changes.count'), num: true }]} />
              <tbody>
                {report.changes.byUser.map((u) => (
                  <tr key={String(u.userId)}>
                    <td>{u.name || t('changes.system')}</td>
                    <td className="num">{formatNumber(u.count, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">{t('changes.noEvents')}</p>
        )}
      </section>
    </div>
  );
}

function Groups({ title, groups, testId }: { title: string; groups: GroupChange[]; testId: string }) {
  const { t } = useTranslation('compare');
  return (
    <section className="card" data-testid={testId}>
      <h2>{title}</h2>
      {groups.length === 0 ? (
        <p className="muted">{t('groups.none')}</p>
      ) : (
        <ul>
          {groups.slice(0, 100).map((g) => (
            <li key={`${g.entity}:${g.ids.join(',')}`}>
              {t(`common:collections.${g.entity}`, { defaultValue: g.entity })}: {g.names.join(' · ')} <span className="muted">({g.ids.join(', ')})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
