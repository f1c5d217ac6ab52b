// runtime: browser
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export interface PathInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Known paths offered as suggestions (e.g. snapshot files). */
  suggestions?: readonly string[];
  placeholder?: string;
  /** Shown under the field, e.g. where relative names are saved. */
  hint?: string;
  required?: boolean;
  name?: string;
  testId?: string;
}

/**
 * A path typed as text, with suggestions. The renderer has no file system access; the
 * services resolve the path (relative names go to the data folder, see app.info.dataDir).
 */
export function PathInput({ label, value, onChange, suggestions = [], placeholder, hint, required, name, testId }: PathInputProps) {
  const { t } = useTranslation('common');
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="path-input">
        <input
          id={id}
          name={name}
          type="text"
          value={value}
          onChange={(event) => onChange(event.target.value)}
          list={suggestions.length ? listId : undefined}
          placeholder={placeholder ?? t('path.placeholder')}
          spellCheck={false}
          autoComplete="off"
          required={required}
          aria-describedby={hint ? hintId : undefined}
          data-testid={testId}
        />
        {value ? (
          <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange('')} aria-label={t('path.clear')}>
            ✕
          </button>
        ) : null}
      </div>
      {suggestions.length ? (
        <datalist id={listId}>
          {suggestions.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
      ) : null}
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
