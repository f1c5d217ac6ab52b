// runtime: common (no node, no DOM, no electron)
import { isPatronymic } from './names';
import { foldCase, phoneticKey, transliterate } from './translit';

/**
 * Legal forms, as words (after folding case and removing punctuation). Longer phrases first.
 * Russian forms in full and abbreviated, in Cyrillic and in Latin, and common foreign forms.
 */
const LEGAL_PHRASES = [
  'общество с ограниченной ответственностью',
  'публичное акционерное общество',
  'закрытое акционерное общество',
  'открытое акционерное общество',
  'непубличное акционерное общество',
  'акционерное общество',
  'индивидуальный предприниматель',
  'частное предприятие',
  'товарищество с ограниченной ответственностью',
  'автономная некоммерческая организация',
  'некоммерческая организация',
  'государственное унитарное предприятие',
  'муниципальное унитарное предприятие',
  'федеральное государственное унитарное предприятие',
  'государственное бюджетное учреждение',
  'крестьянское фермерское хозяйство',
  'limited liability company',
  'limited liability partnership',
  'public limited company',
  'private limited company',
];

const LEGAL_WORDS = new Set([
  // Russian and CIS, Cyrillic
  'ооо', 'оао', 'зао', 'пао', 'ао', 'нао', 'ип', 'чп', 'тоо', 'нко', 'ано', 'гуп', 'муп', 'фгуп', 'гбу', 'мбу', 'фгбу', 'гку',
  'кфх', 'пбоюл', 'одо', 'уп', 'чуп', 'ооо.', 'тов', 'пт',
  // the same, transliterated
  'ooo', 'oao', 'zao', 'pao', 'ao', 'nao', 'ip', 'chp', 'too', 'nko', 'ano', 'gup', 'mup', 'fgup',
  // foreign
  'llc', 'ltd', 'limited', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'gmbh', 'ag', 'llp', 'plc', 'lp', 'sa', 'srl', 'sarl',
  'bv', 'nv', 'oy', 'ab', 'as', 'sp', 'zoo', 'kft', 'spa', 'pte', 'pty', 'ug', 'kg', 'se',
]);

/** Words an affiliate or a branch adds to the parent's name (phonetic keys): a different legal entity. */
export const BRAND_SUFFIX_WORDS = new Set(['grup', 'grupp', 'group', 'pro', 'plus', 'plius', 'pliys', 'kholding', 'holding', 'holdin', 'khholding', 'servis', 'service', 'treid', 'trade', 'treyd', 'invest', 'invest', 'stroi', 'filial', 'yug', 'sever', 'vostok', 'zapad', 'tsentr', 'center', 'regions', 'region', 'nord', 'ekspert', 'ekspress', 'express', 'm', '2', '3', '1', 'lab']);

/** Levenshtein distance of two short words, or max + 1 as soon as it exceeds max. */
function within(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return false;
    prev = cur;
  }
  return prev[b.length]! <= max;
}

const PHRASE_WORDS = LEGAL_PHRASES.map((p) => p.split(' '));
/** a word that is itself part of a legal phrase is never read as a slip of another ("публичное" / "непубличное") */
const EXACT_WORDS = new Set(PHRASE_WORDS.flat());

/**
 * Written-out legal forms with a slip ("индивидуальный предпринниматель", "общество с ограниченой
 * ответственостью") written the standard way; each word of the phrase may be one letter off (two
 * for words of ten letters or more).
 */
function fixLegalPhrases(folded: string): string {
  const words = folded.split(' ');
  for (const phrase of PHRASE_WORDS) {
    for (let i = 0; i + phrase.length <= words.length; i++) {
      if (phrase.every((w, k) => words[i + k] === w || (w.length >= 5 && !EXACT_WORDS.has(words[i + k]!) && within(words[i + k]!, w, w.length >= 10 ? 2 : 1)))) {
        words.splice(i, phrase.length, ...phrase);
      }
    }
  }
  return words.join(' ');
}

/** Words that carry little for telling companies apart ("the", "и", "group") are kept but weighed down elsewhere. */
export const COMPANY_STOPWORDS = new Set(['the', 'and', 'of', 'и', 'в', 'на', 'de', 'la', 'le', 'der', 'die', 'das', 'und']);

/** Names telephony and forms give a company card that has none. */
const COMPANY_PLACEHOLDERS = new Set(['компания', 'новая компания', 'без названия', 'компания без названия', 'организация', 'новая организация', 'company', 'new company', 'no name']);

/** A company "name" that is a placeholder or a phone number: missing evidence. */
export function isPlaceholderCompanyName(raw: string | null | undefined): boolean {
  const s = foldCase(raw ?? '').replace(/[^\p{L}\p{N}+ ]+/gu, ' ').replace(/\s+/g, ' ').trim();
  if (s === '') return true;
  if (COMPANY_PLACEHOLDERS.has(s)) return true;
  return /^[+\d ]+$/.test(s) && s.replace(/\D/g, '').length >= 5;
}

/** Legal forms written glued to the name in capitals ("ОООРомашка", "ООООрион"). */
const GLUED_FORM = /^(ООО|ОАО|ЗАО|ПАО|НАО|АО|ИП|ТОО|ООО\.)(?=\p{Lu}\p{Ll})/u;

/** "(Новосибирск)", "г. Тула", "город Тула", ", г Тула" at the end: the city, not the name. */
const CITY_SUFFIX = /(?:[,\s]+(?:г\.?|гор\.|город)\s*[\p{Lu}][\p{L}-]*(?:[\s-]+[\p{L}-]+)?\s*$)|(?:\s*\([^)]*\)\s*$)/u;

/** A company name without legal form, quotes, city suffix and punctuation, in lower case, original script. */
export function stripCompanyName(raw: string): string {
  if (isPlaceholderCompanyName(raw)) return '';
  let text = raw.trim().replace(GLUED_FORM, '$1 ');
  // a city in brackets or after "г." in a Russian name ("Ромашка (Новосибирск)"); other names keep theirs
  for (let k = 0; k < 2 && /[а-яё]/iu.test(text); k++) {
    const cut = text.replace(CITY_SUFFIX, '').trim();
    if (cut.length > 0) text = cut;
  }
  let s = foldCase(text)
    .replace(/[«»“”„"'`’‘‹›]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/\+/g, ' плюс ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  s = fixLegalPhrases(s);
  for (const phrase of LEGAL_PHRASES) s = s.split(phrase).join(' ');
  const kept = s.split(/\s+/).filter((w) => w.length > 0 && !LEGAL_WORDS.has(w));
  // a name that was only a legal form ("ООО") keeps its words rather than vanishing
  return kept.length > 0 ? kept.join(' ') : s.replace(/\s+/g, ' ').trim();
}

/** true when the name is a sole trader's (ИП …, Индивидуальный предприниматель …, … ИП). */
export function isSoleTrader(raw: string): boolean {
  const f = foldCase(raw);
  return /(^|[^\p{L}])(ип|пбоюл|ip)([^\p{L}]|$)/u.test(f) || fixLegalPhrases(f.replace(/[^\p{L}\p{N}]+/gu, ' ').trim()).includes('индивидуальный предприниматель');
}

/**
 * A sole trader's name reduced to the owner: surname, then the given name and patronymic as written, full or initials ("ИП Киселёв А. В.", "КИСЕЛЁВ АНДРЕЙ
 * ВИКТОРОВИЧ ИП" → "kiselev andrei viktorovich", "ИП Киселев А.В. г. Тула" → "kiselev a v"); null when
 * the name is not a sole trader's or holds no surname.
 */
export function soleTraderOwner(raw: string): string[] | null {
  // a card named by the owner's full name ("Зайцев Пётр Васильевич") is the sole trader's too
  const plain = stripCompanyName(raw).split(' ');
  const personal = plain.length === 3 && isPatronymic(plain[2]!) && !isSoleTrader(raw);
  if (!isSoleTrader(raw) && !personal) return null;
  const ws = stripCompanyName(raw).split(' ').filter((w) => w.length > 0);
  if (ws.length === 0) return null;
  const long = ws.filter((w) => w.length > 1);
  if (long.length === 0) return null;
  // "Фамилия Имя Отчество" or "Фамилия И О": the surname first, then initials
  const surname = long[0]!;
  const rest = ws.slice(ws.indexOf(surname) + 1).slice(0, 2);
  // initials keep a "." so that "ю." (iu.) agrees with "юрьевна" (iurievna)
  return [phoneticKey(surname), ...rest.map((w) => (w.length === 1 ? `${phoneticKey(w) || w}.` : phoneticKey(w) || w))];
}

/** Words of the stripped name, each as a phonetic Latin key. */
export function companyWords(raw: string): string[] {
  const owner = soleTraderOwner(raw);
  if (owner) return ['ip', ...owner];
  return stripCompanyName(raw)
    .split(' ')
    .filter((w) => w.length > 0)
    .map(phoneticKey)
    .filter((w) => w.length > 0);
}

/** One key for a company: stripped, transliterated, phonetic, words joined without spaces. «ООО "Ромашка"» = "Romashka LLC" → "romashka". */
export function companyKey(raw: string): string {
  return companyWords(raw).join('');
}

/** The stripped name transliterated for display-free comparison ("ромашка плюс" → "romashka plyus"). */
export function companyLatin(raw: string): string {
  return transliterate(stripCompanyName(raw));
}
