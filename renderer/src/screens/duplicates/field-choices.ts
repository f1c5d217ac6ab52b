// runtime: browser
/**
 * The per-field choice of surviving values in a duplicate group (pure logic, no React).
 * Each non-unioned field offers one candidate per card that holds a value, deduplicated (the same
 * value on several cards is one candidate naming all of them). The default is the survivor's value,
 * or the first non-empty one in the proposed order when the survivor has none. Phones and e-mails are
 * unioned by the services and never chosen.
 */
import type { MatchDecisionView, MatchFieldChoice, MatchGroupDetail } from '../../../../shared/api/methods/match';

export interface Candidate {
  /** stable identity of the value list (trimmed values as JSON) */
  id: string;
  /** the values as the first card holding them has them */
  values: string[];
  /** the values for display (the user's name for a responsible user id) */
  display: string[];
  /** every card holding these values, in the order of the group's cards */
  cards: number[];
}

export interface ChoiceField {
  key: string;
  /** the service's label (a custom field's name; "name", "responsible", "phone", "email" otherwise) */
  label: string;
  /** cards disagree (some may be empty) */
  differs: boolean;
  /** phones and e-mails: every value is kept */
  union: boolean;
  /** the unioned values (union fields only) */
  unioned: string[];
  candidates: Candidate[];
  /** the candidate the services propose for the current survivor, if any */
  proposedId: string | null;
}

/** Candidate id → choice, one per field that has a choice. */
export type Picks = Record<string, string>;

export const candidateId = (values: readonly string[]): string => JSON.stringify(values.map((v) => v.trim()));

type Detail = Pick<MatchGroupDetail, 'cards' | 'fields'>;

/** The fields of a group with their candidate values. Fields that are empty on every card are left out. */
export function choiceFields(detail: Detail): ChoiceField[] {
  const out: ChoiceField[] = [];
  for (const row of detail.fields) {
    const labelOf = (v: string) => row.valueLabels?.[v] ?? v;
    if (row.union) {
      if (row.proposed.length > 0) out.push({ key: row.key, label: row.label, differs: row.differs, union: true, unioned: [...row.proposed], candidates: [], proposedId: null });
      continue;
    }
    const candidates: Candidate[] = [];
    row.values.forEach((values, i) => {
      const card = detail.cards[i];
      if (!card || values.length === 0) return;
      const id = candidateId(values);
      const seen = candidates.find((c) => c.id === id);
      if (seen) seen.cards.push(card.id);
      else candidates.push({ id, values: [...values], display: values.map(labelOf), cards: [card.id] });
    });
    if (candidates.length === 0) continue;
    const proposedId = row.proposedFrom !== null ? (candidates.find((c) => c.cards.includes(row.proposedFrom!))?.id ?? null) : null;
    out.push({ key: row.key, label: row.label, differs: row.differs, union: false, unioned: [], candidates, proposedId });
  }
  return out;
}

/** The field offers a real choice (two or more different values). */
export const hasChoice = (f: ChoiceField): boolean => !f.union && f.candidates.length > 1;

/**
 * The default candidate: the survivor's value, else the proposed (first non-empty) one, else the
 * first. The name is the exception: the services propose the best-formed name (the full Cyrillic
 * name over "Валерий (жена)", a Latin form or initials), whichever card holds it.
 */
export function defaultPick(field: ChoiceField, survivorId: number): string | null {
  if (field.union) return null;
  if (field.key === 'name' && field.proposedId !== null) return field.proposedId;
  return field.candidates.find((c) => c.cards.includes(survivorId))?.id ?? field.proposedId ?? field.candidates[0]?.id ?? null;
}

/**
 * The candidate shown as chosen for every non-unioned field: the user's explicit pick while that
 * value is still offered, otherwise the default for the survivor.
 */
export function effectivePicks(fields: readonly ChoiceField[], survivorId: number, explicit: Picks): Picks {
  const out: Picks = {};
  for (const f of fields) {
    if (f.union) continue;
    const mine = explicit[f.key];
    const pick = mine !== undefined && f.candidates.some((c) => c.id === mine) ? mine : defaultPick(f, survivorId);
    if (pick !== null) out[f.key] = pick;
  }
  return out;
}

/** Explicit picks that are still offered (the rest are dropped, e.g. after a card left the group). */
export function validPicks(fields: readonly ChoiceField[], explicit: Picks): Picks {
  const out: Picks = {};
  for (const [key, id] of Object.entries(explicit)) {
    const f = fields.find((x) => x.key === key);
    if (f && !f.union && f.candidates.some((c) => c.id === id)) out[key] = id;
  }
  return out;
}

/**
 * The fieldChoices for match.accept: every non-unioned field with its chosen values and the card
 * they come from (the survivor when it holds them too, else the first card that does).
 */
export function acceptChoices(fields: readonly ChoiceField[], picks: Picks, survivorId: number): Record<string, { from: number; values: string[] }> {
  const out: Record<string, { from: number; values: string[] }> = {};
  for (const f of fields) {
    if (f.union) continue;
    const c = f.candidates.find((x) => x.id === picks[f.key]);
    if (!c) continue;
    const from = c.cards.includes(survivorId) ? survivorId : c.cards[0]!;
    out[f.key] = { from, values: [...c.values] };
  }
  return out;
}

export interface StoredChoice {
  /** the matching candidate, when the stored values are still among them */
  candidateId: string | null;
  from: number | null;
  values: string[];
}

/** The stored choice of each field of an accepted group's merge decision. */
export function storedChoices(fields: readonly ChoiceField[], decision: Pick<MatchDecisionView, 'fieldChoices'> | null): Record<string, StoredChoice> {
  const out: Record<string, StoredChoice> = {};
  if (!decision) return out;
  for (const f of fields) {
    const stored: MatchFieldChoice | undefined = decision.fieldChoices[f.key];
    if (!stored) continue;
    const id = candidateId(stored.values);
    out[f.key] = { candidateId: f.candidates.some((c) => c.id === id) ? id : null, from: stored.from, values: [...stored.values] };
  }
  return out;
}
