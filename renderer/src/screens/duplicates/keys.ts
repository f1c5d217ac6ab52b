// runtime: browser
/** The next row index for j (step 1) / k (step -1), clamped to the list. */
export function nextIndex(current: number, length: number, step: number): number {
  if (length <= 0) return -1;
  if (current < 0) return 0;
  return Math.min(length - 1, Math.max(0, current + step));
}

/** The i18n key (under duplicates:level) and values of an engine level label. */
export function levelKey(level: string): { key: string; t?: string } {
  const threshold = /≥\s*([\d.]+)/.exec(level)?.[1];
  const withT = (key: string) => (threshold ? { key, t: threshold } : { key });
  if (level.startsWith('same name')) return { key: 'diminutive' };
  if (level.startsWith('one typo or similar')) return withT('typoOrSimilar');
  if (level.startsWith('one typo')) return { key: 'typo' };
  if (level.startsWith('one digit')) return { key: 'dateTypo' };
  if (level.startsWith('same number')) return withT('street');
  if (level.startsWith('similar (')) return withT('similarAt');
  const plain = ['exact', 'shared', 'similar', 'different', 'missing', 'same year'].find((x) => x === level);
  return plain ? { key: plain.replace(' ', '_') } : { key: 'other' };
}
