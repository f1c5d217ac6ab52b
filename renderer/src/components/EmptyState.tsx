// runtime: browser
import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: ReactNode;
  description?: ReactNode;
  /** Buttons or links that get the user out of the empty state. */
  actions?: ReactNode;
  icon?: ReactNode;
  testId?: string;
}

/** What a screen or list shows when there is nothing yet, and what to do about it. */
export function EmptyState({ title, description, actions, icon, testId = 'empty-state' }: EmptyStateProps) {
  return (
    <div className="empty-state" data-testid={testId}>
      {icon ? <div className="empty-icon" aria-hidden="true">{icon}</div> : null}
      <p className="empty-title">{title}</p>
      {description ? <p className="empty-description">{description}</p> : null}
      {actions ? <div className="empty-actions">{actions}</div> : null}
    </div>
  );
}
