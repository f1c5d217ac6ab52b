// runtime: browser
import { useTranslation } from 'react-i18next';
import type { FindingSummary, PreviousAudit } from '../../../../shared/audit/types';
import { formatNumber } from '../../lib/format';
import { trendOf } from './model';

export function FindingCard({
  finding,
  previous,
  selected,
  onSelect,
}: {
  finding: FindingSummary;
  previous: PreviousAudit | null | undefined;
  selected: boolean;
  onSelect: () => void;
}) {
  const { t, i18n } = useTranslation('audit');
  const lang = i18n.language === 'en' ? 'en' : 'ru';
  const trend = finding.notComputed ? null : trendOf(finding, previous);
  const share =
    finding.share !== undefined && finding.total !== undefined
      ? t('card.share', {
          share: new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 1 }).format(finding.share),
          total: formatNumber(finding.total, i18n.language),
        })
      : null;
  return (
    <button
      type="button"
      className={`audit-card ${finding.severity}${finding.count === 0 ? ' zero' : ''}`}
      aria-pressed={selected}
      onClick={onSelect}
      data-testid={`audit-card-${finding.id}`}
      data-count={finding.notComputed ? 'not-computed' : finding.count}
      title={finding.notComputed ? finding.notComputed[lang] : finding.description[lang]}
    >
      <span className="audit-sev">{t(`severity.${finding.severity}`)}</span>
      <span className="count">{finding.notComputed ? '—' : formatNumber(finding.count, i18n.language)}</span>
      <span className="title">{finding.title[lang]}</span>
      {finding.notComputed ? (
        <span className="sub" data-testid="audit-not-computed">
          {finding.notComputed[lang]}
        </span>
      ) : null}
      {share || finding.groups !== undefined ? (
        <span className="sub">
          {[share, finding.groups !== undefined ? t('card.groups', { count: finding.groups }) : null].filter(Boolean).join(' · ')}
        </span>
      ) : null}
      {trend ? (
        <span className={`sub ${trend.better === true ? 'trend-better' : trend.better === false ? 'trend-worse' : ''}`} data-testid="audit-trend">
          {trend.delta === 0
            ? t('card.trendSame')
            : trend.delta > 0
              ? t('card.trendUp', { delta: formatNumber(trend.delta, i18n.language) })
              : t('card.trendDown', { delta: formatNumber(-trend.delta, i18n.language) })}
        </span>
      ) : null}
    </button>
  );
}
