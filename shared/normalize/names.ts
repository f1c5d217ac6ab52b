// runtime: common (no node, no DOM, no electron)
import { ENGLISH_GIVEN_NAMES, RUSSIAN_GIVEN_NAMES } from './names-table';
import { foldCase, phoneticKey, words } from './translit';

/** A person's name split into parts, every part as a phonetic Latin key (see phoneticKey). */
export interface PersonName {
  given: string | null;
  /** full names the given name may stand for (Саша → aleksandr, aleksandra), phonetic keys */
  givenCanon: string[];
  /** the given name is a known name (in the table of names and diminutives) */
  givenKnown: boolean;
  surname: string | null;
  patronymic: string | null;
  /** the remaining words (second given names, titles removed) */
  other: string[];
  /** true when the split into given name and surname is a guess (neither word is a known given name) */
  orderUnknown: boolean;
  /** the name is a placeholder or empty ("Входящий звонок", "Клиент", a phone number): missing evidence */
  placeholder: boolean;
  /** a note in the name names another person ("Валерий (жена)"): family or other-person evidence */
  otherPerson: boolean;
}

function buildTable(): Map<string, string[]> {
  const map = new Map<string, Set<string>>();
  const add = (form: string, canon: string) => {
    const key = phoneticKey(form);
    if (!key) return;
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(canon);
  };
  for (const block of [RUSSIAN_GIVEN_NAMES, ENGLISH_GIVEN_NAMES]) {
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const full = line.slice(0, colon).trim();
      const canon = phoneticKey(full);
      add(full, canon);
      for (const form of line.slice(colon + 1).split(',')) add(form.trim(), canon);
    }
  }
  const out = new Map<string, string[]>();
  for (const [k, v] of map) out.set(k, [...v].sort());
  return out;
}

let table: Map<string, string[]> | null = null;
const given = (): Map<string, string[]> => (table ??= buildTable());

const AFFECTIONATE = /(очка|ечка|енька|онька|ушка|юшка|уся|юся|уля|юля|ушa|уша|юша|ик|ок|ёк|ек|ка)$/u;

/** Known canonical names of a form; affectionate suffixes are tried too (Аллочка → Алла, Танечка → Таня). */
const lookupCache = new Map<string, string[] | null>();

function lookup(word: string): string[] | undefined {
  const hit = lookupCache.get(word);
  if (hit !== undefined) return hit ?? undefined;
  const found = lookupUncached(word);
  if (lookupCache.size >= 100_000) lookupCache.clear();
  lookupCache.set(word, found ?? null);
  return found;
}

function lookupUncached(word: string): string[] | undefined {
  const direct = given().get(phoneticKey(word));
  if (direct) return direct;
  const w = foldCase(word);
  const m = AFFECTIONATE.exec(w);
  if (!m || w.length - m[0].length < 2) return undefined;
  const stem = w.slice(0, w.length - m[0].length);
  for (const ending of ['а', 'я', '', 'ь']) {
    const hit = given().get(phoneticKey(stem + ending));
    if (hit) return hit;
  }
  return undefined;
}

/** The full names a given-name form may stand for, as phonetic keys; [] when unknown. */
export function givenNameCanon(word: string): string[] {
  return lookup(word) ?? [];
}

export const isKnownGivenName = (word: string): boolean => lookup(word) !== undefined;

/** Do two given names mean the same person name? (Саша = Александр, Alex = Алексей, Женя = Евгения) */
export function sameGivenName(a: string, b: string): boolean {
  const ka = phoneticKey(a);
  const kb = phoneticKey(b);
  if (ka === kb) return true;
  const ca = lookup(a);
  const cb = lookup(b);
  if (!ca || !cb) return false;
  return ca.some((c) => cb.includes(c));
}

const PATRONYMIC_CYR = /(ович|евич|ьич|ич|овна|евна|ична|инична)$/u;
const PATRONYMIC_LAT = /(ovich|evich|ovitch|ovna|evna|ichna)$/u;
const TITLES = new Set([
  'г', 'гн', 'господин', 'госпожа', 'гжа', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'тов', 'уважаемый', 'уважаемая',
]);

export function isPatronymic(word: string): boolean {
  const w = foldCase(word);
  if (w.length < 5) return false;
  if (isKnownGivenName(w)) return false;
  return PATRONYMIC_CYR.test(w) || PATRONYMIC_LAT.test(w);
}

/** Names amoCRM and its widgets put on cards that have none: they say nothing about the person. */
const PLACEHOLDERS = new Set([
  'контакт без имени', 'без имени', 'новый контакт', 'неизвестный', 'неизвестно', 'клиент', 'новый клиент', 'покупатель',
  'контакт', 'входящий звонок', 'звонок', 'заявка с сайта', 'no name', 'noname', 'unknown', 'new contact', 'contact', 'client',
  'нет имени', 'имя', 'не указано', 'аноним',
]);

/**
 * Words telephony, site forms, chat widgets and lead forms write as a card's name. A name made
 * only of these words, numbers, dates, domains and "№/#" is a placeholder ("Входящий звонок +7 912…",
 * "Заявка с сайта okna.ru", "Клиент WhatsApp", "Новый лид 07.04.2025", "Контакт #123").
 */
const PLACEHOLDER_WORDS = new Set([
  'входящий', 'исходящий', 'пропущенный', 'звонок', 'вызов', 'клиент', 'клиента', 'новый', 'новая', 'контакт', 'без', 'имени',
  'названия', 'неизвестный', 'неизвестно', 'заявка', 'заявки', 'с', 'со', 'из', 'от', 'на', 'сайта', 'сайт', 'лид', 'лида',
  'посетитель', 'пользователь', 'абонент', 'покупатель', 'чат', 'чата', 'обращение', 'сообщение', 'форма', 'формы', 'обратный',
  'обратного', 'звонка', 'whatsapp', 'ватсап', 'telegram', 'телеграм', 'viber', 'вайбер', 'jivo', 'jivosite', 'живосайт', 'avito',
  'авито', 'instagram', 'инстаграм', 'vk', 'вк', 'вконтакте', 'facebook', 'email', 'почта', 'call', 'incoming', 'outgoing',
  'new', 'lead', 'contact', 'client', 'customer', 'unknown', 'visitor', 'user', 'chat', 'form', 'site', 'website', 'from', 'no',
  'name', 'noname', 'tilda', 'тильда', 'лендинг', 'landing', 'квиз', 'quiz', 'онлайн', 'online', 'мессенджер', 'виджет', 'widget',
  'аноним', 'гость', 'guest',
]);

/** A number, a date, a domain or "№123": filler around placeholder words. */
const FILLER_TOKEN = /^(?:[+#№]?[\d\s()\-.:/]+|[\p{L}\p{N}-]+\.(?:ru|com|рф|net|org|su|info|online|site|pro|shop)(?:\/\S*)?)$/u;

/** true when a name says nothing about the person: a placeholder, a phone number, empty. */
export function isPlaceholderName(text: string | null | undefined): boolean {
  const raw = (text ?? '').trim();
  if (raw === '') return true;
  const folded = foldCase(raw).replace(/[«»"'`]/g, ' ').replace(/\s+/g, ' ').trim();
  if (PLACEHOLDERS.has(folded.replace(/[^\p{L}\p{N} ]+/gu, '').trim())) return true;
  // the phone number itself, or any run of digits and separators
  if (/^[+\d\s()\-.]+$/u.test(folded) && folded.replace(/\D/g, '').length >= 5) return true;
  const tokens = folded.split(/[\s,;:!]+/u).filter((t) => t.length > 0);
  let placeholderWords = 0;
  for (const t of tokens) {
    if (FILLER_TOKEN.test(t)) continue;
    const w = t.replace(/[^\p{L}\p{N}]+/gu, '');
    if (w === '' || /^\d+$/.test(w)) continue;
    if (!PLACEHOLDER_WORDS.has(w)) return false;
    placeholderWords++;
  }
  return placeholderWords > 0 || tokens.length > 0;
}

/**
 * Notes in brackets that name another person reached through this card: "Валерий (жена)" is
 * Валерий's wife, "Олег (сосед)" his neighbour. Family or other-person evidence, never identity.
 */
const OTHER_PERSON_NOTES = new Set([
  'жена', 'муж', 'супруга', 'супруг', 'сосед', 'соседка', 'сын', 'дочь', 'дочка', 'мама', 'мать', 'папа', 'отец', 'брат', 'сестра',
  'бабушка', 'дедушка', 'тёща', 'теща', 'тесть', 'свекровь', 'свёкор', 'свекор', 'зять', 'невестка', 'племянник', 'племянница',
  'внук', 'внучка', 'родственник', 'родственница', 'друг', 'подруга', 'знакомый', 'знакомая', 'коллега', 'водитель', 'помощник',
  'помощница', 'секретарь', 'ассистент', 'няня', 'wife', 'husband', 'son', 'daughter', 'mother', 'father', 'brother', 'sister',
  'neighbour', 'neighbor', 'friend', 'colleague', 'driver', 'assistant',
]);

/** The note in a name ("Валерий (жена)" → "жена"), and whether it names another person. */
export function nameNote(text: string | null | undefined): { note: string; otherPerson: boolean } | null {
  const m = /[([]([^)\]]*)[)\]]/u.exec(text ?? '');
  if (!m) return null;
  const note = m[1]!.trim();
  const ws = foldCase(note).split(/[^\p{L}]+/u).filter(Boolean);
  return { note, otherPerson: ws.some((w) => OTHER_PERSON_NOTES.has(w) || OTHER_PERSON_NOTES.has(w.replace(/е/g, 'ё'))) };
}

/** Drops notes in brackets ("Никита (дизайнер)") and placeholder names ("Контакт без имени", "Входящий звонок +7…"). */
export function cleanNameText(text: string): string {
  const stripped = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').replace(/\s+/g, ' ').trim();
  const folded = foldCase(stripped).replace(/[^\p{L}\p{N} ]+/gu, '').replace(/\s+/g, ' ').trim();
  if (stripped === '') return '';
  return PLACEHOLDERS.has(folded) || /^(контакт|клиент|contact)\s*(№|#)?\s*\d+$/u.test(folded) || isPlaceholderName(stripped) ? '' : stripped;
}

/**
 * Male and female forms of one Russian surname (Медведев / Медведева, Покровский / Покровская,
 * Ильин / Ильина), as phonetic keys: family evidence, not the same person.
 */
export function surnameGenderPair(a: string, b: string): boolean {
  if (a === b) return false;
  const [m, f] = a.length < b.length ? [a, b] : [b, a];
  if (/(ov|ev|ёv|in|yn|ын)$/u.test(m) && f === `${m}a`) return true;
  if (/sk(i|ii|iy|y)$/u.test(m) && /skaia$|skaya$|skaja$/u.test(f) && m.replace(/sk(i|ii|iy|y)$/u, '') === f.replace(/ska(i|y|j)a$/u, '')) return true;
  return false;
}

/**
 * Splits a contact's name. amoCRM holds "Иванов Иван Иванович", "Иван Иванов",
 * "ivanov ivan", "Саша" in `name`, and sometimes first_name / last_name separately.
 */
export function parsePersonName(input: { name?: string | null; first_name?: string | null; last_name?: string | null }): PersonName {
  const cacheKey = `${input.name ?? ''}\u0001${input.first_name ?? ''}\u0001${input.last_name ?? ''}`;
  const hit = parseCache.get(cacheKey);
  if (hit) return hit;
  const parsed = parseUncached(input);
  if (parseCache.size >= 200_000) parseCache.clear();
  parseCache.set(cacheKey, parsed);
  return parsed;
}

// the same names come back many times in a CRM: parsed names are memoised (treat them as read-only)
const parseCache = new Map<string, PersonName>();

function parseUncached(input: { name?: string | null; first_name?: string | null; last_name?: string | null }): PersonName {
  const first = cleanNameText(input.first_name ?? '');
  const last = cleanNameText(input.last_name ?? '');
  let tokens: string[];
  let hintGiven: string | null = null;
  let hintSurname: string | null = null;
  if (first || last) {
    const fw = words(first).filter((w) => !TITLES.has(w));
    const lw = words(last).filter((w) => !TITLES.has(w));
    hintGiven = fw[0] ?? null;
    hintSurname = lw[0] ?? null;
    tokens = [...fw, ...lw];
  } else {
    tokens = words(cleanNameText(input.name ?? '')).filter((w) => !TITLES.has(w) && !/^\d+$/.test(w));
  }
  // the patronymic is the last word that looks like one, never the first word of several
  // ("Абрамович Роман Аркадьевич": Абрамович is the surname)
  let patIdx = -1;
  tokens.forEach((t, i) => {
    if (isPatronymic(t) && (i > 0 || hintGiven !== null)) patIdx = i;
  });
  if (hintSurname !== null && patIdx >= 0 && tokens[patIdx] === hintSurname && !words(first).includes(tokens[patIdx]!)) patIdx = -1;
  const patronymic: string | null = patIdx >= 0 ? tokens[patIdx]! : null;
  const rest = tokens.filter((_, i) => i !== patIdx);
  // initials ("Иванов И. И.") are dropped from the parts, they carry little
  const full = rest.filter((t) => t.length > 1);
  let givenWord: string | null = null;
  let surnameWord: string | null = null;
  let orderUnknown = false;
  if (hintGiven !== null || hintSurname !== null) {
    givenWord = hintGiven && hintGiven.length > 1 ? hintGiven : null;
    surnameWord = hintSurname && hintSurname.length > 1 ? hintSurname : null;
    if (patronymic && givenWord === patronymic) givenWord = null;
  } else if (full.length === 1) {
    if (isKnownGivenName(full[0]!)) givenWord = full[0]!;
    else surnameWord = full[0]!;
  } else if (full.length >= 2) {
    const knownIdx = full.findIndex((t) => isKnownGivenName(t));
    if (knownIdx >= 0) {
      givenWord = full[knownIdx]!;
      // the surname is the first other word that is not itself a known given name, else the first other word
      const others = full.filter((_, i) => i !== knownIdx);
      surnameWord = others.find((t) => !isKnownGivenName(t)) ?? others[0] ?? null;
      // "Иван Петров" and "Петров Иван" both land here; with two known names the order is a guess
      orderUnknown = others.every((t) => isKnownGivenName(t));
    } else {
      // Russian CRMs mostly write "Фамилия Имя [Отчество]" when a patronymic is present
      if (patronymic) {
        surnameWord = full[0]!;
        givenWord = full[1]!;
      } else {
        givenWord = full[0]!;
        surnameWord = full[full.length - 1]!;
      }
      orderUnknown = true;
    }
  }
  const used = new Set([givenWord, surnameWord]);
  const other = full.filter((t) => !used.has(t)).map(phoneticKey);
  const g = givenWord ? phoneticKey(givenWord) : null;
  const shown = [input.first_name, input.last_name].filter(Boolean).join(' ') || (input.name ?? '');
  return {
    placeholder: tokens.length === 0,
    otherPerson: nameNote(shown)?.otherPerson ?? false,
    given: g,
    givenCanon: givenWord ? (givenNameCanon(givenWord).length > 0 ? givenNameCanon(givenWord) : [g!]) : [],
    givenKnown: givenWord !== null && isKnownGivenName(givenWord),
    surname: surnameWord ? surnameKey(surnameWord) : null,
    patronymic: patronymic ? phoneticKey(patronymic) : null,
    other,
    orderUnknown,
  };
}

/** A surname key; the feminine -а/-ая of Russian surnames is kept (Иванов ≠ Иванова: often husband and wife). */
export function surnameKey(word: string): string {
  return phoneticKey(word);
}

/** A name key independent of word order and script: sorted phonetic keys of the words. */
export function nameBagKey(text: string): string {
  return words(text)
    .filter((w) => w.length > 1 && !TITLES.has(w))
    .map(phoneticKey)
    .sort()
    .join(' ');
}

/**
 * How good a card's name is to keep on a merged card: a full Cyrillic name beats a noted one
 * ("Валерий (жена)"), a Latin transliteration, initials, capitals, a single word or a placeholder.
 * Higher is better; equal scores leave the choice to the survivor.
 */
export function nameQuality(name: string | null | undefined): number {
  const text = (name ?? '').trim();
  if (isPlaceholderName(text)) return -100;
  let q = 0;
  if (nameNote(text)) q -= 20;
  const bare = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').trim();
  if (/[а-яё]/iu.test(bare)) q += 10;
  const ws = bare.split(/\s+/).filter((w) => w.length > 0);
  const full = ws.filter((w) => w.replace(/[^\p{L}]/gu, '').length > 1);
  q += Math.min(full.length, 3) * 3;
  if (ws.length > full.length) q -= 2; // initials
  if (bare === bare.toUpperCase() && /\p{L}{2}/u.test(bare)) q -= 1;
  return q;
}
