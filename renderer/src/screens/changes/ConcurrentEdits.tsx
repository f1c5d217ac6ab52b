// runtime: browser
/** After a push: the operations that may have overwritten an edit made in amoCRM at the same time. */
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber } from '../../lib/format';
import { beforeLines, concurrentEditsOf, eventLabel } from './concurrent';
import { entityLabel } from './values';

export function ConcurrentEdits({ result }: { result: unknown }) {
  const { t, i18n } = useTranslation('changes');
  const lang = i18n.language;
  const report = concurrentEditsOf(result);
  if (!report) return null;
  const tr = (key: string, options?: Record<string, unknown>) => t(key, options ?? {});
  return (
    <div className="notice notice-warning" role="status" data-testid="changes-concurrent" data-count={report.count}>
      <div className="notice-body">
        <h3>{t('concurrent.title', { count: report.count, n: formatNumber(report.count, lang) })}</h3>
        <p>{t('concurrent.text')}</p>
        <ul>
          {report.edits.map((e) => (
            <li key={`${e.operation}`} data-testid="changes-concurrent-row">
              <strong>{entityLabel((key, o) => t(key, o), e)}</strong>
              {': '}
              {e.events.map((ev) => `${eventLabel(tr, ev.type)} (${formatDateTime(ev.createdAt, lang)})`).join('; ')}
              <br />
              <span className="muted">
                {t('concurrent.before')} {beforeLines(tr, e.before).join('; ')}
              </span>
            </li>
          ))}
        </ul>
        {report.count > report.edits.length ? <p className="muted">{t('concurrent.more', { n: formatNumber(report.count - report.edits.length, lang) })}</p> : null}
      </div>
    </div>
  );
}
