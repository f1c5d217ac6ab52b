// runtime: common (no node, no DOM, no electron)
/**
 * Cyrillic ↔ Latin for matching. Every name is brought to one Latin "match key", so that
 * «Юлия», «Julia», «Yuliya» and «Iuliia» meet. The key is for comparison only, never shown.
 */

const CYR_TO_LAT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian, Belarusian and Kazakh letters that turn up in Russian-language CRMs
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u', ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h',
};

const HAS_CYRILLIC = /[\u0400-\u04ff]/u;

/** Lower-cases, folds ё to е and strips Latin diacritics (é → e). */
export function foldCase(text: string): string {
  const lower = text.toLowerCase().replace(/ё/g, 'е');
  // only Latin letters lose their accents (NFKD would also split й into и + breve)
  return /[\u00c0-\u024f]/u.test(lower)
    ? lower.replace(/[\u00c0-\u024f]/gu, (ch) => ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, ''))
    : lower;
}

/** Readable transliteration (a practical GOST 7.79-B / passport mix): «Щукин Ёж» → «shchukin ezh». */
export function transliterate(text: string): string {
  const folded = foldCase(text.normalize('NFC'));
  if (!HAS_CYRILLIC.test(folded)) return folded;
  let out = '';
  const chars = [...folded];
  chars.forEach((ch, i) => {
    // a soft or hard sign before a vowel is heard as "y": Соловьев → solovyev, Подъезд → podyezd
    if ((ch === 'ь' || ch === 'ъ') && /[еёи]/u.test(chars[i + 1] ?? '')) out += 'y';
    else out += CYR_TO_LAT[ch] ?? ch;
  });
  return out;
}

/**
 * A phonetic Latin key of one word: transliterated, letters only, spelling variants of
 * Russian names in Latin folded together (x/ks, w/v, ph/f, kh/h, y/j/i, doubled letters).
 * "Aleksandr", "Alexandr", "Александр" → "aleksandr"; "Evgeniy", "Yevgeny", "Евгений" → "evgeni".
 */
export function phoneticKey(word: string): string {
  const hit = keyCache.get(word);
  if (hit !== undefined) return hit;
  const key = computeKey(word);
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(word, key);
  return key;
}

// names repeat a lot (a few hundred given names and surnames make most of a CRM): keys are memoised
const keyCache = new Map<string, string>();
const KEY_CACHE_LIMIT = 100_000;

function computeKey(word: string): string {
  let s = transliterate(word).replace(/[^a-z0-9]/g, '');
  if (s.length === 0) return s;
  s = s
    .replace(/shch|sch/g, 'sh')
    .replace(/tch/g, 'ch')
    .replace(/x/g, 'ks')
    .replace(/w/g, 'v')
    .replace(/ph/g, 'f')
    .replace(/kh/g, 'h')
    .replace(/ck/g, 'k')
    .replace(/q/g, 'k')
    .replace(/tz/g, 'ts')
    .replace(/c(?!h)/g, 'k')
    .replace(/^ye/, 'e')
    .replace(/^yo/, 'e')
    .replace(/[yj]/g, 'i')
    .replace(/(ii|iy|yi)$/g, 'i')
    .replace(/([a-z])\1+/g, '$1');
  return s;
}

/** Splits text into words of letters and digits (Cyrillic or Latin). */
export function words(text: string): string[] {
  return foldCase(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

export const hasCyrillic = (text: string): boolean => HAS_CYRILLIC.test(text);
