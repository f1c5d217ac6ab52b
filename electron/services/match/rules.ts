// runtime: node
import fs from 'node:fs';
import { z } from 'zod';
import type { EntityKind } from './types';

export const COMPARISON_KINDS = ['given', 'surname', 'patronymic', 'phone', 'email', 'company', 'text', 'address', 'exact', 'date', 'domain'] as const;
export type ComparisonKind = (typeof COMPARISON_KINDS)[number];

export const comparisonSchema = z
  .object({
    /** a unique id, used in blocking rules and explanations */
    id: z.string().min(1).max(40),
    kind: z.enum(COMPARISON_KINDS),
    /** text/exact/date: the custom field's name or code (case-insensitive); "name" is the entity name */
    field: z.string().min(1).max(200).optional(),
    /** similarity thresholds of the fuzzy levels, high to low */
    thresholds: z.array(z.number().min(0).max(1)).max(3).optional(),
    /** weigh exact agreement by how common the value is (default true) */
    tf: z.boolean().optional(),
    /** starting m-probabilities per level (EM refines them), or fixed ones when em is false */
    m: z.array(z.number().min(0).max(1)).optional(),
    /** a disagreement (the last level) forbids a link whatever else agrees (first names of two people on one family line) */
    veto: z.boolean().optional(),
    /** pin the m-probabilities given in `m` (and `u` when given): learning per account leaves them as they are */
    pin: z.boolean().optional(),
    /**
     * text/company: a value shared by n cards weighs as if shared by √n (the cards holding it are
     * mostly one entity's duplicates, as with a mobile number); default false
     */
    personal: z.boolean().optional(),
    /** pinned u-probabilities per level (instead of those sampled from random pairs of the account) */
    u: z.array(z.number().min(0).max(1)).optional(),
  })
  .strict();

export const rulesSchema = z
  .object({
    comparisons: z.array(comparisonSchema).min(1).max(20),
    /** blocking keys: "phone", "email", "surname+given", "surname:3+dob" (":n" takes a prefix) */
    blocking: z.array(z.string().min(1).max(200)).min(1).max(20),
    /**
     * a pair links only when at least one of these holds: "phone" (an exact agreement), "phone:1+given:1" (each
     * part at its level or better, nothing else disagreeing), "…@0.999" (and that probability), the part "bare"
     * (one card of the pair holds no identifier: a name-only card)
     */
    requireAny: z.array(z.string()).default([]),
    /** a pair links when its match probability reaches this */
    threshold: z.number().min(0).max(1),
    /** estimate m-probabilities and the share of duplicates by expectation maximisation */
    em: z.boolean().default(true),
    /**
     * learn m-probabilities per account (Splink-style): EM on the account's blocked pairs with the
     * rules' m as the prior (Dirichlet pseudo-counts, `priorPairs` of them); u from random pairs; the
     * prior share of duplicates stays `expectedPartners`. Falls back to the rules' m when the account
     * is small (`minLearnPairs`) or EM does not converge.
     */
    learn: z.boolean().default(false),
    /** adapt to the file (adapt.ts): without phones and e-mails, match on names, dates and places */
    adapt: z.boolean().default(false),
    priorPairs: z.number().min(0).max(1_000_000).default(200),
    minLearnPairs: z.number().int().min(0).max(10_000_000).default(2000),
    /** without EM: expected number of duplicate partners per card (sets the prior) */
    expectedPartners: z.number().positive().max(1000).default(0.05),
    /** the smallest u-probability a fuzzy (not exact, not different) level may get */
    minFuzzyU: z.number().min(0).max(0.5).default(0.001),
    /** blocks above this size are compared within a sliding window only */
    maxBlock: z.number().int().min(2).max(100_000).default(150),
    window: z.number().int().min(2).max(1000).default(20),
    /** clustering: a merge needs the mean log-odds of every cross pair ≥ threshold and none below veto */
    veto: z.number().min(0).max(1).default(0.05),
    /** clustering: the mean probability over the cross pairs a merge needs (default: the threshold) */
    mergeMean: z.number().min(0).max(1).optional(),
    /** a group larger than this is not grown further */
    maxGroup: z.number().int().min(2).max(100_000).default(200),
    /** custom field (name or code) or "_source" that tells two files apart for --cross-source */
    sourceField: z.string().optional(),
  })
  .strict();

export type Rules = z.output<typeof rulesSchema>;
export type RulesInput = z.input<typeof rulesSchema>;
export type ComparisonRule = z.output<typeof comparisonSchema>;

export const PRESETS = ['strict', 'balanced', 'loose'] as const;
export type Preset = (typeof PRESETS)[number];

const PRESET_THRESHOLD: Record<Preset, number> = { strict: 0.99, balanced: 0.9, loose: 0.6 };

/** The default rules for amoCRM data: no per-account tuning. */
export function presetRules(preset: Preset, entity: EntityKind): Rules {
  const threshold = PRESET_THRESHOLD[preset];
  if (entity === 'companies') {
    return rulesSchema.parse({
      comparisons: [
        // an affiliate's name (brand suffix) and an unrelated name are strong evidence against
        // a name held by several cards is mostly one firm's duplicates (namesake firms: see requireAny)
        { id: 'company', kind: 'company', m: [0.6, 0.25, 0.14, 0.01], veto: true, personal: true },
        { id: 'phone', kind: 'phone', m: [0.85, 0.15] },
        { id: 'email', kind: 'email', m: [0.6, 0.05, 0.35] },
        { id: 'inn', kind: 'exact', field: 'ИНН', m: [0.8, 0.05, 0.15] },
        { id: 'domain', kind: 'domain', m: [0.8, 0.2] },
        { id: 'address', kind: 'address', field: 'ADDRESS', m: [0.4, 0.2, 0.1, 0.3] },
      ],
      blocking: ['company', 'phone', 'email', 'inn', 'domain', 'company:word+address:street', 'company:4'],
      threshold,
      em: false,
      learn: true,
      expectedPartners: 48,
      // namesake firms exist (other cities, other legal entities): a name alone is not enough
      requireAny: preset === 'loose' ? [] : ['phone', 'email', 'inn', 'domain', 'company:1+address:1', 'company:0'],
    });
  }
  return rulesSchema.parse({
    comparisons: [
      // disagreeing first names are strong evidence against: families and colleagues share lines
      { id: 'given', kind: 'given', m: [0.6, 0.18, 0.1, 0.1, 0.02], veto: true },
      { id: 'surname', kind: 'surname', m: [0.8, 0.14, 0.04, 0.02] },
      { id: 'patronymic', kind: 'patronymic', m: [0.9, 0.07, 0.03], veto: true },
      { id: 'phone', kind: 'phone', m: [0.9, 0.03, 0.07] },
      { id: 'email', kind: 'email', m: [0.9, 0.005, 0.005, 0.09] },
      // weak on their own; with the full name they find a card that holds only a name and a city or a position
      { id: 'city', kind: 'text', field: 'Город', thresholds: [0.95, 0.9], tf: true, m: [0.6, 0.05, 0.05, 0.3] },
      { id: 'position', kind: 'text', field: 'POSITION', thresholds: [0.95, 0.9], tf: true, m: [0.5, 0.1, 0.05, 0.35] },
    ],
    // the first name, patronymic and city find a card without a surname ("Фёдор Станиславович", Краснодар);
    // the first name and the number's first digits find a slip in the rest of the number on a card without a surname
    blocking: ['phone', 'email', 'surname+given:canon', 'given:canon+surname:3', 'email:local', 'given:canon+patronymic+city', 'given:canon+phone:7'],
    threshold,
    em: false,
    learn: true,
    adapt: true,
    expectedPartners: 64,
    // a telephony card and a re-typed card of one person join the group when the cards agree on the whole
    mergeMean: 0.5,
    // namesakes are common: a full name alone never makes a duplicate, except in the loose preset;
    // a slip in the phone or the e-mail counts when the name agrees, and the full name with the
    // patronymic and the city or the position when nothing disagrees
    requireAny:
      preset === 'loose'
        ? []
        : [
            'phone',
            'email',
            // a slip in the phone and the same first name, nothing disagreeing (a surname missing on one card is no disagreement)
            'phone:1+given:1',
            'email:1+given:1+surname:0',
            // one card holds the data, the other only the name plus a city or a position (nothing on it disagrees)
            'given:1+surname:0+position:0',
            'given:1+patronymic:0+position:0',
            'given:1+surname:0+patronymic:0+city:0',
            'given:1+surname:0+patronymic:0+position:0',
            'given:1+surname:0+city:0+position:0',
            // the name and the city alone only when the account makes the pair near certain ("@p": a rare
            // name and a rare city; the prior falls with the account's size, so namesakes of a big account stay apart)
            'given:1+surname:0+city:0@0.999',
            // missing is not disagreeing: a card with the full name and nothing that disagrees (a name-only
            // card) joins when the name's frequency in the account makes the pair near certain; a full name
            // several people of the account hold weighs too little (term frequencies) and stays apart; "bare":
            // one card holds no identifier at all (a card with a phone and one with an e-mail are two
            // channels that could be two namesakes'), and a name-only card whose name reaches two
            // people's cards links to neither (bare-links.ts)
            'given:1+surname:0+bare@0.999',
          ],
  });
}

/** Reads a rules file (JSON). A "preset" key starts from a preset; the file's keys override it. */
export function loadRulesFile(file: string, entity: EntityKind): Rules {
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const { preset, ...rest } = raw;
  const base = typeof preset === 'string' && (PRESETS as readonly string[]).includes(preset) ? presetRules(preset as Preset, entity) : null;
  return rulesSchema.parse(base ? { ...base, ...rest } : rest);
}
