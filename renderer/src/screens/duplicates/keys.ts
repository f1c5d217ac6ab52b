// runtime: browser
/** The next row index for j (step 1) / k (step -1), clamped to the list. */
export function nextIndex(current: number, length: number, step: number): number {
  if (length <= 0) return -1;
  if (current < 0) return 0;
  return Math.min(length - 1, Math.max(0, current + step));
}
