// runtime: node
import type { Link } from './cluster';

/**
 * A name-only card (no phone, e-mail or other identifier) links through its name alone ("bare"
 * requirement alternatives). Such a card can only be told to be one person's when the account holds
 * one person of that name: when its name-only links reach cards that the other links do not join
 * into one group (two namesakes, each with their own data), the card could be either of them, and
 * all its name-only links are dropped. Links made on an identifier are never touched.
 */
export function dropAmbiguousBareLinks(links: readonly Link[], bareOnly: readonly boolean[], isBare: (i: number) => boolean): Link[] {
  if (!bareOnly.some(Boolean)) return [...links];
  // groups of the links made on an identifier (or a name with a slip): union-find over card indexes
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) {
      const next = parent.get(y) ?? r;
      parent.set(y, r);
      y = next;
    }
    return r;
  };
  links.forEach((l, k) => {
    if (bareOnly[k]) return;
    const a = find(l.i);
    const b = find(l.j);
    if (a !== b) parent.set(a, b);
  });
  // per name-only card: the groups its name-only links reach (other name-only cards do not count)
  const reached = new Map<number, Set<number>>();
  // a name-only card joined to a group by other evidence (its name and position) counts that group
  links.forEach((l, k) => {
    if (bareOnly[k]) return;
    for (const card of [l.i, l.j]) if (isBare(card)) reached.set(card, new Set([find(card)]));
  });
  links.forEach((l, k) => {
    if (!bareOnly[k]) return;
    for (const [card, other] of [[l.i, l.j], [l.j, l.i]] as const) {
      if (!isBare(card) || isBare(other)) continue;
      let set = reached.get(card);
      if (!set) reached.set(card, (set = new Set()));
      set.add(find(other));
    }
  });
  const ambiguous = (x: number) => (reached.get(x)?.size ?? 0) > 1;
  return links.filter((l, k) => !bareOnly[k] || (!ambiguous(l.i) && !ambiguous(l.j)));
}
