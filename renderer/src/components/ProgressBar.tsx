// runtime: browser

export interface ProgressBarProps {
  /** 0..1, or null for an indeterminate bar. */
  value: number | null;
  label: string;
  /** Text read by screen readers instead of the percentage, e.g. "120 of 400". */
  valueText?: string;
  small?: boolean;
}

/** An accessible progress bar (role=progressbar with aria-valuenow 0..100). */
export function ProgressBar({ value, label, valueText, small }: ProgressBarProps) {
  const pct = value === null ? null : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={`progress${small ? ' progress-small' : ''}${pct === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
