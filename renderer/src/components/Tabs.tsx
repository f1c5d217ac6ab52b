// runtime: browser
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A WAI-ARIA tablist: one tab in the Tab order (roving tabindex), ←/→ move to the previous or
 * next tab (wrapping), Home/End to the first or last; moving with the keyboard selects and
 * focuses the tab. `testId(id)` names each tab for the e2e suite.
 */
export function Tabs<T extends string>({
  ids,
  selected,
  onSelect,
  label,
  testId,
  controls,
  children,
}: {
  ids: readonly T[];
  selected: T;
  onSelect: (id: T) => void;
  /** the tablist's accessible name */
  label: string;
  testId: (id: T) => string;
  /** the id of the panel the tabs control */
  controls?: string;
  /** a tab's content */
  children: (id: T) => ReactNode;
}) {
  const refs = useRef(new Map<T, HTMLButtonElement>());
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const i = ids.indexOf(selected);
    const n = ids.length;
    let next: T | undefined;
    if (event.key === 'ArrowRight') next = ids[(i + 1) % n];
    else if (event.key === 'ArrowLeft') next = ids[(i - 1 + n) % n];
    else if (event.key === 'Home') next = ids[0];
    else if (event.key === 'End') next = ids[n - 1];
    if (next === undefined) return;
    event.preventDefault();
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKeyDown}>
      {ids.map((id) => (
        <button
          key={id}
          ref={(el) => {
            if (el) refs.current.set(id, el);
            else refs.current.delete(id);
          }}
          type="button"
          role="tab"
          className="tab"
          aria-selected={id === selected}
          aria-controls={controls}
          tabIndex={id === selected ? 0 : -1}
          data-testid={testId(id)}
          onClick={() => onSelect(id)}
        >
          {children(id)}
        </button>
      ))}
    </div>
  );
}
