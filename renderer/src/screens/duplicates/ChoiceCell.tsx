// runtime: browser
import { useTranslation } from 'react-i18next';
import type { ChoiceField, StoredChoice } from './field-choices';

const cardList = (ids: readonly number[]) => ids.map((id) => `#${id}`).join(', ');

/**
 * The "after merge" cell of one field: the unioned list of phones / e-mails (read-only), a radio
 * group of the candidate values when the cards disagree, the single value otherwise, or the stored
 * choice of an accepted group.
 */
export function ChoiceCell({
  field,
  fieldName,
  groupKey,
  survivorId,
  picked,
  defaultId,
  stored,
  disabled,
  onPick,
}: {
  field: ChoiceField;
  /** the translated field name, for the radio group's accessible name */
  fieldName: string;
  groupKey: string;
  survivorId: number;
  /** the chosen candidate (open groups) */
  picked: string | null;
  /** the candidate the survivor proposes */
  defaultId: string | null;
  /** the stored choice (accepted groups) */
  stored: StoredChoice | null;
  disabled: boolean;
  onPick: (candidateId: string) => void;
}) {
  const { t } = useTranslation('duplicates');
  if (field.union) {
    return (
      <div data-testid={`duplicates-union-${field.key}`}>
        <div className="pre-wrap">{field.unioned.join('\n')}</div>
        <div className="muted" style={{ fontSize: '0.85rem' }}>
          {t(field.key === 'email' ? 'choice.unionEmail' : 'choice.unionPhone')}
        </div>
      </div>
    );
  }
  const current = stored ? stored.candidateId : picked;
  if (stored && stored.candidateId === null) {
    // the stored values are no longer on any card of the group
    return (
      <div data-testid={`duplicates-stored-${field.key}`} data-from={stored.from ?? ''}>
        <div className="pre-wrap">{stored.values.join('\n')}</div>
        <div className="muted" style={{ fontSize: '0.85rem' }}>
          {t('choice.storedFrom', { cards: stored.from !== null ? `#${stored.from}` : '—' })}
        </div>
      </div>
    );
  }
  if (field.candidates.length === 1) {
    const only = field.candidates[0]!;
    return (
      <div data-testid={`duplicates-single-${field.key}`}>
        <div className="pre-wrap">{only.display.join('\n')}</div>
        <div className="muted" style={{ fontSize: '0.85rem' }}>
          {t('choice.from', { cards: cardList(only.cards) })}
        </div>
      </div>
    );
  }
  const name = `dup-choice-${groupKey}-${field.key}`;
  return (
    <fieldset
      role="radiogroup"
      aria-label={t('choice.label', { field: fieldName })}
      data-testid={`duplicates-choice-${field.key}`}
      data-field={field.key}
      data-stored={stored ? 'true' : 'false'}
      disabled={disabled}
      style={{ border: 0, margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 4, minWidth: 0 }}
    >
      <legend className="visually-hidden">{t('choice.label', { field: fieldName })}</legend>
      {field.candidates.map((c) => {
        const checked = c.id === current;
        const from = c.cards.includes(survivorId) ? survivorId : c.cards[0]!;
        return (
          <label
            key={c.id}
            style={{
              display: 'flex',
              gap: 6,
              alignItems: 'flex-start',
              padding: '2px 4px',
              borderRadius: 4,
              cursor: disabled ? 'default' : 'pointer',
              background: checked ? 'rgba(60,160,90,0.15)' : undefined,
            }}
          >
            <input
              type="radio"
              name={name}
              value={c.id}
              checked={checked}
              onChange={() => onPick(c.id)}
              data-testid="duplicates-choice-option"
              data-from={from}
              data-default={c.id === defaultId ? 'true' : 'false'}
              style={{ marginTop: 3 }}
            />
            <span style={{ minWidth: 0 }}>
              <span className="pre-wrap" translate="no">{c.display.join('\n')}</span>{' '}
              <span className="muted" style={{ fontSize: '0.85rem' }}>
                {t('choice.from', { cards: cardList(c.cards) })}
                {!stored && c.id === defaultId ? ` · ${t('choice.default')}` : ''}
              </span>
            </span>
          </label>
        );
      })}
      {stored ? (
        <span className="muted" style={{ fontSize: '0.85rem' }} data-testid={`duplicates-stored-${field.key}`} data-from={stored.from ?? ''}>
          {t('choice.stored')}
        </span>
      ) : null}
    </fieldset>
  );
}
