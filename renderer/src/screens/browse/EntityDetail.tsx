// runtime: browser
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BrowseEntity } from '../../../../shared/api/methods/snapshot';
import { useCall } from '../../api/context';
import { ErrorNotice } from '../../components/ErrorNotice';

export interface EntityDetailProps {
  entity: BrowseEntity;
  id: number;
  /** The name from the table row, shown while the detail loads. */
  title?: string | undefined;
  onNavigate: (entity: BrowseEntity, id: number) => void;
  onClose: () => void;
}

/** One entity from the snapshot: its fields, the linked entities (clickable) and the raw JSON. */
export function EntityDetail({ entity, id, title, onNavigate, onClose }: EntityDetailProps) {
  const { t } = useTranslation('browse');
  const detail = useCall('browse.entity', { entity, id }, { refreshOnSnapshotChange: true });
  const [copied, setCopied] = useState(false);
  const value = detail.status === 'ok' ? detail.value : undefined;
  const raw = useMemo(() => (value ? JSON.stringify(value.raw, null, 2) : ''), [value]);
  const linkedByEntity = useMemo(() => {
    const groups = new Map<BrowseEntity, { entity: BrowseEntity; id: number; name: string }[]>();
    for (const link of value?.linked ?? []) groups.set(link.entity, [...(groups.get(link.entity) ?? []), link]);
    return [...groups.entries()];
  }, [value]);

  return (
    <section className="card detail" data-testid="browse-detail" data-entity={entity} data-entity-id={id} aria-labelledby="detail-title">
      <div className="screen-header">
        <div>
          <h2 id="detail-title" translate={title ? 'no' : undefined}>{title || t('detail.untitled', { id })}</h2>
          <p className="screen-description">{t('detail.subtitle', { entity: t(`entity.${entity}`), id })}</p>
        </div>
        <button type="button" className="btn btn-small btn-ghost" onClick={onClose} aria-label={t('detail.close')} data-testid="browse-detail-close">
          ✕
        </button>
      </div>
      {detail.status === 'loading' && !value ? <p className="muted" role="status">{t('common:loading')}</p> : null}
      {detail.status === 'error' ? <ErrorNotice error={detail.error} onRetry={detail.reload} /> : null}
      {value ? (
        <>
          {value.fields.length ? (
            <div>
              <h3>{t('detail.fields')}</h3>
              <dl data-testid="browse-detail-fields">
                {value.fields.map((field, i) => (
                  <div key={`${field.name}-${i}`} style={{ display: 'contents' }}>
                    <dt translate="no">{field.name}</dt>
                    <dd>
                      {field.values.length
                        ? field.values.map((v, k) => {
                            const kind = field.kinds?.[k];
                            return (
                              <span key={k}>
                                {k > 0 ? ', ' : null}
                                <span translate="no">{v}</span>
                                {kind ? <span className="muted"> ({t(`valueKinds.${kind}`, { defaultValue: kind })})</span> : null}
                              </span>
                            );
                          })
                        : '—'}
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ) : null}
          <div data-testid="browse-detail-linked">
            <h3>{t('detail.linked')}</h3>
            {linkedByEntity.length === 0 ? (
              <p className="muted">{t('detail.noLinked')}</p>
            ) : (
              linkedByEntity.map(([group, links]) => (
                <div key={group}>
                  <h4 className="muted">{t(`entities.${group}`)}</h4>
                  <ul>
                    {links.map((link) => (
                      <li key={`${link.entity}-${link.id}`}>
                        <button
                          type="button"
                          className="link-button"
                          onClick={() => onNavigate(link.entity, link.id)}
                          data-testid="browse-linked"
                          data-entity={link.entity}
                          data-entity-id={link.id}
                        >
                          {link.name ? <span translate="no">{link.name}</span> : t('detail.untitled', { id: link.id })}
                        </button>
                      </li>
                    ))}
                  </ul>
                </div>
              ))
            )}
          </div>
          <details>
            <summary>{t('detail.raw')}</summary>
            <div className="form">
              <div>
                <button
                  type="button"
                  className="btn btn-small"
                  onClick={async () => {
                    try {
                      await navigator.clipboard.writeText(raw);
                      setCopied(true);
                      window.setTimeout(() => setCopied(false), 1500);
                    } catch {
                      setCopied(false);
                    }
                  }}
                >
                  {copied ? t('detail.copied') : t('common:actions.copy')}
                </button>
              </div>
              <pre className="raw-json" data-testid="browse-detail-raw" tabIndex={0}>
                {raw}
              </pre>
            </div>
          </details>
        </>
      ) : null}
    </section>
  );
}
