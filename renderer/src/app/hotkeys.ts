// runtime: browser
import { useEffect } from 'react';
import { SCREENS, type ScreenId } from '../screens/registry';

/** Alt+1..9 (by physical key, so it works on every keyboard layout) jumps to a screen. */
export function screenForHotkey(event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'code'>): ScreenId | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return null;
  return SCREENS[Number(match[1]) - 1]?.id ?? null;
}

export function useScreenHotkeys(navigate: (id: ScreenId) => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const id = screenForHotkey(event);
      if (!id) return;
      event.preventDefault();
      navigate(id);
      document.getElementById(`nav-tab-${id}`)?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
