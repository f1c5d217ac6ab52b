// runtime: common (no node, no DOM, no electron)
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

/** Words that carry little for telling companies apart ("the", "и", "group") are kept but weighed down elsewhere. */
export const COMPANY_STOPWORDS = new Set(['the', 'and', 'of', 'и', 'в', 'на', 'de', 'la', 'le', 'der', 'die', 'das', 'und']);

/** A company name without legal form, quotes and punctuation, in lower case, original script. */
export function stripCompanyName(raw: string): string {
  let s = foldCase(raw)
    .replace(/[«»“”„"'`’‘‹›]/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  for (const phrase of LEGAL_PHRASES) s = s.split(phrase).join(' ');
  const kept = s.split(/\s+/).filter((w) => w.length > 0 && !LEGAL_WORDS.has(w));
  // a name that was only a legal form ("ООО") keeps its words rather than vanishing
  return kept.length > 0 ? kept.join(' ') : s.replace(/\s+/g, ' ').trim();
}

/** Words of the stripped name, each as a phonetic Latin key. */
export function companyWords(raw: string): string[] {
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
