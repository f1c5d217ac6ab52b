// runtime: node
/**
 * A second Russian CRM duplicate generator (issue 11), separate code from fake-amocrm/generator:
 * contacts and companies shaped the way real amoCRM accounts fill up, every class of miss and of
 * wrong merge the issue lists, and the truth. Deterministic per seed.
 *
 * Seeds: 1 is for development; 17 is held out and scored only at the end of a change (9 was the first held-out seed; it was scored once mid-way and is no longer held out).
 */
import type { AmoEntity } from '../../electron/services/match/types';
import { generateCompanies } from './companies';
import { generateContacts } from './contacts';
import { Rng } from './rng';

export interface RuCrmSet {
  contacts: AmoEntity[];
  companies: AmoEntity[];
  /** entity id → true cluster key, per entity kind */
  truth: { contacts: Map<number, number>; companies: Map<number, number> };
}

export const HELD_OUT_SEED = 17;

export function generateRuCrm(seed: number, sizes: { contacts?: number; companies?: number } = {}): RuCrmSet {
  const rng = new Rng(seed);
  const contacts = generateContacts(rng, sizes.contacts ?? 20_000, 4_000_001);
  const companies = generateCompanies(rng, sizes.companies ?? 3_000, 6_000_001);
  return { contacts: contacts.entities, companies: companies.entities, truth: { contacts: contacts.truth, companies: companies.truth } };
}

/** truth-ids.csv as ../shared/bench-data/score.mjs reads it: record_id,cluster_id, singletons included. */
export function truthCsv(truth: Map<number, number>): string {
  const rows = ['record_id,cluster_id'];
  for (const [id, key] of truth) rows.push(`${id},c${key}`);
  return `${rows.join('\n')}\n`;
}

/** Groups of true duplicates (clusters of two cards or more). */
export function truthGroups(truth: Map<number, number>): number[][] {
  const by = new Map<number, number[]>();
  for (const [id, key] of truth) {
    let g = by.get(key);
    if (!g) by.set(key, (g = []));
    g.push(id);
  }
  return [...by.values()].filter((g) => g.length > 1);
}
