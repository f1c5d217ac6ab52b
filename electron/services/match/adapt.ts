// runtime: node
/**
 * The default preset uses what a file has (issue 11): an account or a file whose cards rarely hold a
 * phone or an e-mail cannot require one to link; it is matched on its names and on the dates and
 * places its custom fields hold (a birth date, a city or birth place, a postcode), found by their
 * values and names. With identifiers present the rules stay as they are.
 */
import { parseDateKey } from './comparators';
import { fieldValues } from './prepare';
import type { ComparisonRule, Rules } from './rules';
import type { AmoEntity } from './types';

/** Below this share of cards with a phone or an e-mail, identifiers cannot carry the matching. */
const MIN_IDENTIFIER_SHARE = 0.05;
const SAMPLE = 5000;
const PLACE_NAME = /(city|town|place|birth.?place|county|region|город|место|населённый|населенный|регион|область)/i;
const POSTCODE_NAME = /(post.?code|zip|индекс)/i;
const DATE_NAME = /(birth|born|dob|рожд)/i;

interface FieldStat {
  name: string;
  filled: number;
  dates: number;
}

/** The custom fields of a sample of cards: how often each is filled and how often its value is a full date. */
function fieldStats(sample: readonly AmoEntity[]): FieldStat[] {
  const stats = new Map<string, FieldStat>();
  for (const e of sample) {
    for (const cf of e.custom_fields_values ?? []) {
      const name = cf.field_name ?? cf.field_code ?? '';
      if (!name) continue;
      const v = (cf.values ?? [])[0]?.value;
      if (v === null || v === undefined || String(v).trim() === '') continue;
      let s = stats.get(name);
      if (!s) stats.set(name, (s = { name, filled: 0, dates: 0 }));
      s.filled++;
      if ((parseDateKey(String(v)) ?? '').length === 8 && /\d{4}/.test(String(v))) s.dates++;
    }
  }
  return [...stats.values()];
}

export function adaptRules(rules: Rules, entities: readonly AmoEntity[]): Rules {
  const step = Math.max(1, Math.floor(entities.length / SAMPLE));
  const sample: AmoEntity[] = [];
  for (let i = 0; i < entities.length; i += step) sample.push(entities[i]!);
  if (sample.length === 0) return rules;
  const withIdentifier = sample.filter((e) => fieldValues(e, 'PHONE').length > 0 || fieldValues(e, 'EMAIL').length > 0).length;
  if (withIdentifier / sample.length >= MIN_IDENTIFIER_SHARE) return rules;
  if (!rules.comparisons.some((c) => c.kind === 'given' || c.kind === 'surname')) return rules;

  const used = new Set(rules.comparisons.map((c) => (c.field ?? '').toLowerCase()).filter(Boolean));
  const stats = fieldStats(sample).filter((s) => s.filled >= sample.length * 0.2 && !used.has(s.name.toLowerCase()));
  const added: ComparisonRule[] = [];
  const date = stats.filter((s) => s.dates >= s.filled * 0.8).sort((a, b) => Number(DATE_NAME.test(b.name)) - Number(DATE_NAME.test(a.name)) || b.filled - a.filled)[0];
  if (date) added.push({ id: 'dob', kind: 'date', field: date.name });
  const place = stats.find((s) => s !== date && PLACE_NAME.test(s.name));
  if (place) added.push({ id: 'place', kind: 'text', field: place.name, thresholds: [0.9, 0.8] });
  const postcode = stats.find((s) => s !== date && POSTCODE_NAME.test(s.name));
  if (postcode) added.push({ id: 'postcode', kind: 'exact', field: postcode.name });
  const ids = new Set(added.map((c) => c.id));
  const comparisons = [...rules.comparisons.filter((c) => !ids.has(c.id)), ...added];
  const blocking = [
    ...rules.blocking.filter((b) => !/^(phone|email)/.test(b)),
    ...(date ? ['dob', 'dob:4+surname:1'] : []),
    ...(place ? ['surname+place'] : []),
    ...(postcode ? ['postcode'] : []),
    'surname+given:1',
    'given+surname:1',
  ];
  return {
    ...rules,
    comparisons,
    blocking: [...new Set(blocking)],
    // nothing identifies a person alone here: names, dates and places weigh together
    requireAny: [],
    // a name alone is not a duplicate: a pair must agree beyond the name
    threshold: Math.max(rules.threshold, 0.5),
  };
}
