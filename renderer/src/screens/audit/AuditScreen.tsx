// runtime: browser
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataUrlToBlob } from '../../lib/data-url';
import { engineText } from '../../lib/engine-text';
import type { AuditReport, PreviousAudit } from '../../../../shared/audit/types';
import { useAction, useApi, useCall, useSnapshot } from '../../api/context';
import { useRoute } from '../../app/router';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NoSnapshot } from '../../components/NoSnapshot';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useToast } from '../../components/Toast';
import { formatDate, formatNumber } from '../../lib/format';
import { AnalyticsView } from './AnalyticsView';
import { DrillDown } from './DrillDown';
import { FindingCard } from './FindingCard';
import { accountFigures, findingsOf, SECTIONS } from './model';
import './audit.css';
import { Tabs } from '../../components/Tabs';

const TABS = ['findings', 'analytics'] as const;
type Tab = (typeof TABS)[number];

export default function AuditScreen() {
  const { t } = useTranslation('audit');
  const { info } = useSnapshot();
  // bumped after a forced recompute so the report below reloads
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <ScreenHeader
        title={t('title')}
        description={t('description')}
        actions={info ? <AuditActions onRecomputed={() => setGeneration((n) => n + 1)} /> : null}
      />
      {info ? <Audit generation={generation} /> : <NoSnapshot />}
    </>
  );
}

/** Recompute and the two exports. An inline data: URL lets the browser transport download the file too. */
function AuditActions({ onRecomputed }: { onRecomputed: () => void }) {
  const { t, i18n } = useTranslation('audit');
  const api = useApi();
  const [running, setRunning] = useState(false);
  const toast = useToast();
  const exporter = useAction('audit.export');
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  /** PDF: the desktop app prints it (printToPDF); a browser opens the HTML report and its print dialog. */
  const onPdf = async () => {
    const info = await api.call('app.info', {});
    if (info.ok && info.value.transport === 'electron') return onExport('pdf');
    const result = await exporter.run({ format: 'html', lang, inline: true });
    if (!result.ok || !result.value.dataUrl) {
      toast.show({ kind: 'error', message: result.ok ? t('export.printFailed') : engineText(t, result.error, result.error.message) });
      return;
    }
    try {
      // decoded in the page: the CSP refuses fetch(data:)
      const url = URL.createObjectURL(dataUrlToBlob(result.value.dataUrl));
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      const win = window.open(url, '_blank');
      if (win) {
        win.addEventListener('load', () => win.print(), { once: true });
        toast.show({ kind: 'info', message: t('export.printHint') });
        return;
      }
      // a blocked pop-up: the report is downloaded instead, to print from the browser
      const a = document.createElement('a');
      a.href = url;
      a.download = result.value.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      toast.show({ kind: 'info', message: t('export.printDownloaded', { name: result.value.fileName }) });
    } catch (error) {
      toast.show({ kind: 'error', message: `${t('export.printFailed')} ${error instanceof Error ? error.message : ''}`.trim() });
    }
  };
  const onExport = async (format: 'xlsx' | 'html' | 'pdf') => {
    const result = await exporter.run({ format, lang, inline: true });
    if (!result.ok) {
      toast.show({ kind: 'error', message: engineText(t, result.error, result.error.message) });
      return;
    }
    const { dataUrl, fileName, path } = result.value;
    if (dataUrl) {
      const a = document.createElement('a');
      a.href = dataUrl;
      a.download = fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    toast.show({ kind: 'success', message: t('export.done', { path }) });
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={running}
        onClick={() => {
          setRunning(true);
          void api.call('audit.run', { force: true }).then(() => {
            setRunning(false);
            onRecomputed();
          });
        }}
        data-testid="audit-rerun"
      >
        {t('actions.rerun')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void onExport('xlsx')} disabled={exporter.pending} data-testid="audit-export-xlsx">
        {t('actions.exportXlsx')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void onExport('html')} disabled={exporter.pending} data-testid="audit-export-html">
        {t('actions.exportHtml')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void onPdf()} disabled={exporter.pending} data-testid="audit-export-pdf">
        {t('actions.exportPdf')}
      </button>
    </>
  );
}

function Audit({ generation }: { generation: number }) {
  const { t, i18n } = useTranslation('audit');
  const { params, setParams } = useRoute();
  const tab: Tab = params.tab === 'analytics' ? 'analytics' : 'findings';
  const report = useCall('audit.run', {}, { refreshOnSnapshotChange: true });
  const { reload } = report;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const previous = useCall('audit.previous', {}, { refreshOnSnapshotChange: true });
  const intents = useCall('audit.fixIntents', {}, { refreshOnSnapshotChange: true });
  const selectTab = (next: Tab) => setParams({ ...params, tab: next });

  if (report.status === 'error' && !report.value) return <ErrorNotice error={report.error} onRetry={report.reload} />;
  if (!report.value) {
    return (
      <p className="loading" role="status" data-testid="audit-loading">
        {t('running')}
      </p>
    );
  }
  const value: AuditReport = report.value;
  const prev: PreviousAudit | null = previous.value ?? null;
  return (
    <div className="audit" data-testid="audit">
      <p className="audit-meta" data-testid="audit-meta">
        {t('meta', {
          date: formatDate(Date.parse(value.asOf) / 1000, i18n.language),
          months: value.windowMonths,
          seconds: formatNumber(value.durationMs / 1000, i18n.language, 1),
        })}
        {prev?.finishedAt ? ` · ${t('previous', { date: formatDate(prev.finishedAt, i18n.language) })}` : ''}
        {intents.value && intents.value.length > 0 ? (
          <span data-testid="audit-intents"> · {t('fix.intents', { count: intents.value.length })}</span>
        ) : null}
      </p>
      <Tabs ids={TABS} selected={tab} onSelect={selectTab} label={t('tabs.label')} testId={(id) => `audit-tab-${id}`}>
        {(id) => t(`tabs.${id}`)}
      </Tabs>
      {tab === 'analytics' ? (
        <AnalyticsView analytics={value.analytics} />
      ) : (
        <Findings report={value} previous={prev} onFixed={intents.reload} />
      )}
    </div>
  );
}

function Findings({ report, previous, onFixed }: { report: AuditReport; previous: PreviousAudit | null; onFixed: () => void }) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  const { params, setParams } = useRoute();
  const selected = report.findings.find((f) => f.id === params.finding) ?? null;
  const select = (id: string | null) => setParams({ ...params, finding: id });
  return (
    <div className="audit-body">
      <div className="audit-findings" data-testid="audit-findings">
        <div className="audit-figures" aria-label={t('sections.overview')}>
          {accountFigures(report.findings).map((f) => (
            <div key={f.id} className="audit-figure" data-testid={`audit-figure-${f.id}`}>
              <div className="value">{formatNumber(f.count, i18n.language)}</div>
              <div className="label">{f.title[lang]}</div>
            </div>
          ))}
        </div>
        {SECTIONS.map((section) => {
          const list = findingsOf(report.findings, section);
          if (list.length === 0) return null;
          return (
            <section key={section} className="audit-section" aria-label={t(`sections.${section}`)}>
              <h2>{t(`sections.${section}`)}</h2>
              <div className="audit-cards">
                {list.map((f) => (
                  <FindingCard key={f.id} finding={f} previous={previous} selected={f.id === selected?.id} onSelect={() => select(f.id === selected?.id ? null : f.id)} />
                ))}
              </div>
            </section>
          );
        })}
      </div>
      <aside className="detail" aria-label={t('drill.label')}>
        {selected ? <DrillDown finding={selected} onClose={() => select(null)} onFixed={onFixed} /> : <p className="muted card">{t('drill.none')}</p>}
      </aside>
    </div>
  );
}
