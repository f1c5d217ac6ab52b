// runtime: browser
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, Line, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AuditAnalytics } from '../../../../shared/audit/types';
import { formatNumber } from '../../lib/format';
import { TableHead } from '../../components/TableHead';

const COLORS = ['#1f5fd1', '#1a7f37', '#b42318', '#8a5a00', '#6f42c1', '#0b7285', '#c2255c', '#5c940d'];

/** Sales analytics: the yearly funnel, loss reasons, stage conversion and managers, as charts with their numbers. */
export function AnalyticsView({ analytics }: { analytics: AuditAnalytics }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language;
  const pct = (x: number) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(x);
  const money = (x: number) => new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 }).format(x);
  const pipelines = analytics.pipelines.filter((p) => p.deals > 0);
  const [pipelineId, setPipelineId] = useState<number | null>(null);
  const pipeline = pipelines.find((p) => p.pipelineId === pipelineId) ?? pipelines[0];
  const years = analytics.years.map((y) => ({ ...y, conversionPct: y.conversion * 100 }));
  const managers = analytics.managers.filter((m) => m.deals > 0).slice(0, 15);

  return (
    <div className="audit-charts" data-testid="audit-analytics">
      <section className="card audit-chart" aria-label={t('analytics.years')}>
        <h2>{t('analytics.years')}</h2>
        {years.length === 0 ? (
          <p className="muted">{t('analytics.none')}</p>
        ) : (
          <>
            <ResponsiveContainer width="100%" height={240}>
              <ComposedChart data={years}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="year" type="category" interval={0} />
                <YAxis yAxisId="n" domain={[0, 'auto']} allowDecimals={false} />
                <YAxis yAxisId="p" orientation="right" unit="%" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} allowDataOverflow={false} />
                <Tooltip />
                <Legend content={<ChartLegend />} />
                <Bar yAxisId="n" dataKey="created" name={t('analytics.created')} fill={COLORS[0]} isAnimationActive={false} />
                <Bar yAxisId="n" dataKey="won" name={t('analytics.won')} fill={COLORS[1]} isAnimationActive={false} />
                <Line yAxisId="p" dataKey="conversionPct" name={`${t('analytics.conversion')}, %`} stroke={COLORS[2]} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
            <div className="audit-table-wrap">
            <table data-testid="audit-years">
              <TableHead
                columns={[t('analytics.year'), ...(['created', 'won', 'revenue', 'conversion', 'avgDuration', 'avgCheck'] as const).map((k) => ({ label: t(`analytics.${k}`), num: true }))]}
              />
              <tbody>
                {analytics.years.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td className="num">{formatNumber(y.created, lang)}</td>
                    <td className="num">{formatNumber(y.won, lang)}</td>
                    <td className="num">{money(y.revenue)}</td>
                    <td className="num">{pct(y.conversion)}</td>
                    <td className="num">{formatNumber(y.avgDurationDays, lang)}</td>
                    <td className="num">{money(y.avgCheck)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
            {analytics.whatIf.length > 0 ? (
              <ul style={{ margin: '8px 0 0', paddingLeft: 18 }}>
                {analytics.whatIf.map((w) => (
                  <li key={w.year}>
                    {w.revenueAtTarget !== null
                      ? t('analytics.whatIfLine', { year: w.year, actual: pct(w.conversion), target: pct(w.targetConversion), revenue: money(w.revenueAtTarget), plus: money(w.revenuePerPlusOnePercent) })
                      : t('analytics.whatIfAbove', { year: w.year, actual: pct(w.conversion), target: pct(w.targetConversion), plus: money(w.revenuePerPlusOnePercent) })}
                  </li>
                ))}
              </ul>
            ) : null}
            <p className="muted" style={{ margin: '8px 0 0' }}>
              {t('analytics.retention', {
                count: analytics.retention.clientsWithWon,
                repeat: formatNumber(analytics.retention.repeatClients, lang),
                clients: formatNumber(analytics.retention.clientsWithWon, lang),
                rate: pct(analytics.retention.rate),
              })}
            </p>
          </>
        )}
      </section>

      <section className="card audit-chart" aria-label={t('analytics.lossReasons')}>
        <h2>{t('analytics.lossReasons')}</h2>
        <p className="muted" style={{ margin: '0 0 8px' }}>{t('analytics.lossNote', { count: analytics.lostWithoutReason })}</p>
        {analytics.lossReasons.length === 0 ? (
          <p className="muted">{t('analytics.none')}</p>
        ) : (
          <ResponsiveContainer width="100%" height={Math.max(160, analytics.lossReasons.length * 34)}>
            <BarChart data={analytics.lossReasons.map((r) => ({ name: r.name, share: +(r.share * 100).toFixed(1) }))} layout="vertical" margin={{ left: 24 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis type="number" unit="%" domain={[0, 100]} ticks={[0, 20, 40, 60, 80, 100]} />
              <YAxis type="category" dataKey="name" width={200} interval={0} />
              <Tooltip />
              <Bar dataKey="share" name="%" fill={COLORS[3]} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        )}
      </section>

      <section className="card audit-chart" aria-label={t('analytics.stages')}>
        <h2>{t('analytics.stages')}</h2>
        {pipeline ? (
          <>
            <label className="field" style={{ marginBottom: 8 }}>
              <span>{t('analytics.pipeline')}</span>
              <select value={pipeline.pipelineId} onChange={(e) => setPipelineId(Number(e.target.value))} data-testid="audit-pipeline">
                {pipelines.map((p) => (
                  <option key={p.pipelineId} value={p.pipelineId}>
                    {p.name} ({formatNumber(p.deals, lang)})
                  </option>
                ))}
              </select>
            </label>
            <ResponsiveContainer width="100%" height={Math.max(180, pipeline.stages.length * 30)}>
              <BarChart data={pipeline.stages.map((s) => ({ name: s.name, reached: s.reached }))} layout="vertical" margin={{ left: 24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" domain={[0, 'dataMax']} allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={200} interval={0} />
                <Tooltip />
                <Bar dataKey="reached" name={t('analytics.reached')} fill={COLORS[0]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
            <table>
              <TableHead columns={[t('analytics.stage'), { label: t('analytics.reached'), num: true }, { label: t('analytics.fromPrevious'), num: true }]} />
              <tbody>
                {pipeline.stages.map((s) => (
                  <tr key={s.statusId}>
                    <td>{s.name}</td>
                    <td className="num">{formatNumber(s.reached, lang)}</td>
                    <td className="num">{s.fromPrevious === null ? '' : pct(s.fromPrevious)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p className="muted">{t('analytics.none')}</p>
        )}
      </section>

      <section className="card audit-chart" aria-label={t('analytics.managers')}>
        <h2>{t('analytics.managers')}</h2>
        {managers.length === 0 ? (
          <p className="muted">{t('analytics.none')}</p>
        ) : (
          <>
            <ResponsiveContainer width="100%" height={Math.max(200, managers.length * 28)}>
              <BarChart data={managers.map((m) => ({ name: m.name, deals: m.deals, won: m.won, tasksDone: m.tasksDone }))} layout="vertical" margin={{ left: 24 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" domain={[0, 'dataMax']} allowDecimals={false} />
                <YAxis type="category" dataKey="name" width={160} interval={0} />
                <Tooltip />
                <Legend content={<ChartLegend />} />
                <Bar dataKey="deals" name={t('analytics.deals')} fill={COLORS[0]} isAnimationActive={false} />
                <Bar dataKey="won" name={t('analytics.won')} fill={COLORS[1]} isAnimationActive={false} />
                <Bar dataKey="tasksDone" name={t('analytics.tasksDone')} fill={COLORS[4]} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
            <div className="audit-table-wrap">
            <table>
              <TableHead
                columns={[t('analytics.manager'), ...(['tasksDone', 'calls', 'meetings', 'deals', 'won', 'conversion'] as const).map((k) => ({ label: t(`analytics.${k}`), num: true }))]}
              />
              <tbody>
                {managers.map((m) => (
                  <tr key={m.userId}>
                    <td>{m.name}</td>
                    <td className="num">{formatNumber(m.tasksDone, lang)}</td>
                    <td className="num">{formatNumber(m.calls, lang)}</td>
                    <td className="num">{formatNumber(m.meetings, lang)}</td>
                    <td className="num">{formatNumber(m.deals, lang)}</td>
                    <td className="num">{formatNumber(m.won, lang)}</td>
                    <td className="num">{pct(m.conversion)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}

/**
 * The charts' legend as plain text with a colour mark (recharts' default legend labels each
 * mark "<name> legend icon" in English for screen readers).
 */
function ChartLegend({ payload }: { payload?: readonly { value?: unknown; color?: string }[] }) {
  return (
    <ul className="chart-legend">
      {(payload ?? []).map((entry, i) => (
        <li key={i}>
          <span className="chart-legend-mark" style={{ background: entry.color }} aria-hidden="true" />
          {String(entry.value ?? '')}
        </li>
      ))}
    </ul>
  );
}
