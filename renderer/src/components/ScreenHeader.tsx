// runtime: browser
import type { ReactNode } from 'react';

/** The h1 of a screen with an optional one-line description and actions on the right. */
export function ScreenHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="screen-header">
      <div>
        <h1 className="screen-title">{title}</h1>
        {description ? <p className="screen-description">{description}</p> : null}
      </div>
      {actions ? <div className="screen-actions">{actions}</div> : null}
    </div>
  );
}
