// runtime: common (no node, no DOM, no electron)
import { splitStuffedValue } from './split';

export interface EmailValueAnalysis {
  /** valid addresses, trimmed and lower-cased, repeats kept */
  addresses: string[];
  invalidParts: string[];
  stuffed: boolean;
}

/** A pragmatic validity test: local@domain with a dot in the domain, no spaces. */
const EMAIL = /^[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}$/u;
const EMAIL_IN_TEXT = /[^\s@<>()[\]",;:]+@[^\s@<>()[\]",;:]+\.[^\s@<>()[\]",;:.]{2,}/gu;

export function normalizeEmail(raw: string): string | null {
  const value = raw.trim().replace(/^mailto:/i, '').toLowerCase();
  return EMAIL.test(value) ? value : null;
}

export function analyzeEmailValue(value: string | null | undefined): EmailValueAnalysis {
  const addresses: string[] = [];
  const invalidParts: string[] = [];
  if (!value || value.trim() === '') return { addresses, invalidParts, stuffed: false };
  for (const part of splitStuffedValue(value)) {
    const direct = normalizeEmail(part);
    if (direct) {
      addresses.push(direct);
      continue;
    }
    const found = part.match(EMAIL_IN_TEXT);
    if (found && found.length > 0) for (const f of found) addresses.push(f.toLowerCase());
    else invalidParts.push(part);
  }
  return { addresses, invalidParts, stuffed: addresses.length >= 2 };
}

/** Frequent misspellings of popular mail domains (typed by hand into CRMs). */
const DOMAIN_TYPOS: Record<string, string> = {
  'gmial.com': 'gmail.com', 'gmai.com': 'gmail.com', 'gamil.com': 'gmail.com', 'gmail.co': 'gmail.com', 'gmail.cm': 'gmail.com',
  'gmail.con': 'gmail.com', 'gmail.cmo': 'gmail.com', 'gmaill.com': 'gmail.com', 'gmal.com': 'gmail.com', 'gmeil.com': 'gmail.com',
  'gnail.com': 'gmail.com', 'gmail.om': 'gmail.com', 'gmail.comm': 'gmail.com', 'gmail.ru': 'gmail.com', 'gmail.cpm': 'gmail.com',
  'googlemail.com': 'gmail.com',
  'yandex.ry': 'yandex.ru', 'yandex.r': 'yandex.ru', 'yandex.ri': 'yandex.ru', 'yandx.ru': 'yandex.ru', 'yadex.ru': 'yandex.ru',
  'yandeks.ru': 'yandex.ru', 'yndex.ru': 'yandex.ru', 'yandex.tu': 'yandex.ru', 'yandex.eu': 'yandex.ru', 'ya.ry': 'yandex.ru',
  'mail.ry': 'mail.ru', 'mail.r': 'mail.ru', 'mall.ru': 'mail.ru', 'maill.ru': 'mail.ru', 'mail.tu': 'mail.ru', 'mai.ru': 'mail.ru',
  'mial.ru': 'mail.ru', 'meil.ru': 'mail.ru', 'mail.ri': 'mail.ru', 'mail.rum': 'mail.ru', 'mali.ru': 'mail.ru',
  'inbox.ry': 'inbox.ru', 'list.ry': 'list.ru', 'bk.ry': 'bk.ru', 'rambler.ry': 'rambler.ru', 'rambler.r': 'rambler.ru',
  'ramble.ru': 'rambler.ru', 'rambker.ru': 'rambler.ru',
  'hotmial.com': 'hotmail.com', 'hotmail.co': 'hotmail.com', 'hotmal.com': 'hotmail.com', 'homail.com': 'hotmail.com',
  'outlok.com': 'outlook.com', 'outlook.co': 'outlook.com', 'yaho.com': 'yahoo.com', 'yahoo.co': 'yahoo.com', 'yahooo.com': 'yahoo.com',
  'icloud.co': 'icloud.com', 'iclod.com': 'icloud.com', 'iclud.com': 'icloud.com', 'lsit.ru': 'list.ru', 'imbox.ru': 'inbox.ru',
  'yandex.con': 'yandex.com', 'gmail.con.ru': 'gmail.com', 'mail.ru.ru': 'mail.ru',
};

/** Domains that deliver to the same mailbox. */
const DOMAIN_ALIASES: Record<string, string> = {
  'ya.ru': 'yandex.ru', 'yandex.com': 'yandex.ru', 'yandex.by': 'yandex.ru', 'yandex.kz': 'yandex.ru', 'yandex.ua': 'yandex.ru',
  'narod.ru': 'yandex.ru',
};

/** Mail services that ignore "+tag" (and, for Gmail, dots) in the mailbox name. */
const PLUS_TAGS = new Set(['gmail.com', 'yandex.ru', 'outlook.com', 'hotmail.com', 'icloud.com']);

export interface CanonicalEmail {
  /** the mailbox identity used for matching: aliases folded, typos fixed, tags removed */
  key: string;
  local: string;
  domain: string;
  /** the domain was misspelled (fixed in key) */
  domainTypo: boolean;
}

/**
 * The identity of an address for duplicate matching ("Ivan.Petrov+crm@GMIAL.com " → "ivanpetrov@gmail.com").
 * Accepts what normalizeEmail accepts, plus inner spaces; null for an invalid address.
 */
export function canonicalEmail(raw: string): CanonicalEmail | null {
  const value = normalizeEmail(raw.replace(/\s+/g, '').replace(/[.,;]+$/, ''));
  if (!value) return null;
  const at = value.lastIndexOf('@');
  let local = value.slice(0, at);
  let domain = value.slice(at + 1);
  // a top-level domain typed twice: "firm.ru.ru", "gmail.com.com"
  const doubled = /^(.+)\.(ru|com|net|org|su|рф)\.\2$/u.exec(domain);
  if (doubled) domain = `${doubled[1]}.${doubled[2]}`;
  const fixed = DOMAIN_TYPOS[domain];
  const domainTypo = fixed !== undefined || doubled !== null;
  if (fixed) domain = fixed;
  domain = DOMAIN_ALIASES[domain] ?? domain;
  if (PLUS_TAGS.has(domain)) {
    const plus = local.indexOf('+');
    if (plus > 0) local = local.slice(0, plus);
  }
  if (domain === 'gmail.com') local = local.replace(/\./g, '');
  if (domain === 'yandex.ru') local = local.replace(/-/g, '.');
  return { key: `${local}@${domain}`, local, domain, domainTypo };
}

/** Every canonical address in an e-mail field value (stuffed values split). */
export function canonicalEmails(value: string | null | undefined): CanonicalEmail[] {
  const out: CanonicalEmail[] = [];
  for (const a of analyzeEmailValue(value).addresses) {
    const c = canonicalEmail(a);
    if (c) out.push(c);
  }
  return out;
}

/** Mailbox names a firm's staff share (info@, sales@…): weak evidence of who wrote. */
const ROLE_LOCALS = new Set([
  'info', 'sales', 'office', 'mail', 'post', 'zakaz', 'zakazy', 'order', 'orders', 'secretary', 'sekretar', 'priemnaya', 'reception',
  'snab', 'snabzhenie', 'buh', 'buhgalteria', 'buhgalteriya', 'accounting', 'manager', 'managers', 'admin', 'support', 'help', 'hr',
  'kadry', 'director', 'dir', 'contact', 'contacts', 'hello', 'team', 'marketing', 'pr', 'opt', 'shop', 'market', 'service', 'servis',
  'zakupki', 'tender', 'logist', 'logistika', 'sklad', 'noreply', 'no-reply', 'otdel.prodazh', 'prodazhi', 'sale', 'welcome', 'glavbuh',
]);

export function isRoleMailbox(emailKey: string): boolean {
  const local = emailKey.slice(0, emailKey.lastIndexOf('@'));
  return ROLE_LOCALS.has(local);
}

/** Public mail services: their domain says nothing about who owns the mailbox. */
export const FREE_MAIL_DOMAINS = new Set([
  'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'internet.ru', 'yandex.ru', 'ya.ru', 'yandex.com', 'narod.ru', 'rambler.ru', 'lenta.ru',
  'ro.ru', 'autorambler.ru', 'myrambler.ru', 'gmail.com', 'googlemail.com', 'icloud.com', 'me.com', 'mac.com', 'hotmail.com',
  'outlook.com', 'live.com', 'msn.com', 'yahoo.com', 'aol.com', 'mail.com', 'gmx.com', 'gmx.de', 'proton.me', 'protonmail.com',
  'ukr.net', 'tut.by', 'qip.ru', 'pochta.ru', 'e1.ru', 'ngs.ru', 'nm.ru', 'hotbox.ru',
]);
