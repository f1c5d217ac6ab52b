// runtime: browser
/** amoCRM allows 7 requests per second per integration; the contract refuses more. */
export const RPS_MAX = 7;
export const RPS_MIN = 0.5;

export function clampRps(value: number): number {
  if (!Number.isFinite(value)) return RPS_MAX;
  return Math.min(RPS_MAX, Math.max(RPS_MIN, Math.round(value * 2) / 2));
}

export function clampNotesMonths(value: number): number {
  if (!Number.isFinite(value)) return 6;
  return Math.min(60, Math.max(0, Math.round(value)));
}

export const SNAPSHOT_EXT = '.amosweep';

/** The services want snapshot names that end with .amosweep: add it when the user left it out. */
export function withSnapshotExt(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) return '';
  return trimmed.endsWith(SNAPSHOT_EXT) ? trimmed : `${trimmed}${SNAPSHOT_EXT}`;
}
