// runtime: browser
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SCREENS, type ScreenId } from '../screens/registry';
import { useRoute } from './router';

export const tabId = (id: ScreenId) => `nav-tab-${id}`;
export const panelId = (id: ScreenId) => `screen-${id}`;

/**
 * The main navigation as a tab list: Tab reaches the current screen's tab, ←/→ (and Home/End)
 * move between screens, Alt+1..N jump from anywhere (see useScreenHotkeys).
 */
export function Nav() {
  const { t } = useTranslation('common');
  const { screen, navigate } = useRoute();
  const refs = useRef(new Map<ScreenId, HTMLButtonElement>());

  const go = (index: number) => {
    const count = SCREENS.length;
    const target = SCREENS[((index % count) + count) % count];
    if (!target) return;
    navigate(target.id);
    refs.current.get(target.id)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const index = SCREENS.findIndex((s) => s.id === screen);
    const vertical = false;
    if (event.key === (vertical ? 'ArrowDown' : 'ArrowRight')) go(index + 1);
    else if (event.key === (vertical ? 'ArrowUp' : 'ArrowLeft')) go(index - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(SCREENS.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <div role="tablist" aria-orientation="horizontal" aria-label={t('nav.label')} onKeyDown={onKeyDown} className="nav-tabs">
        {SCREENS.map((def, index) => {
          const selected = def.id === screen;
          return (
            <button
              key={def.id}
              ref={(el) => {
                if (el) refs.current.set(def.id, el);
                else refs.current.delete(def.id);
              }}
              type="button"
              role="tab"
              id={tabId(def.id)}
              aria-selected={selected}
              aria-controls={panelId(def.id)}
              aria-keyshortcuts={`Alt+${index + 1}`}
              tabIndex={selected ? 0 : -1}
              className="nav-tab"
              data-testid={`nav-${def.id}`}
              title={t('nav.shortcut', { key: index + 1 })}
              onClick={() => navigate(def.id)}
            >
              {t(`nav.${def.id}`)}
            </button>
          );
        })}
      </div>
    </nav>
  );
}
