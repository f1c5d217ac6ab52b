// runtime: node
/** Names, company names and e-mail addresses as people type them, plus the ways duplicates differ. */
import { canonicalEmail } from '../../shared/normalize/email';
import { type Person, translit, typo } from './names';
import { type Rng } from './prng';

export type NameStyle = 'lastFirstPatr' | 'firstLast' | 'lastFirst' | 'first' | 'firstPatr' | 'dim' | 'firstRole' | 'latin';

const NAME_STYLES: readonly (readonly [NameStyle, number])[] = [
  ['lastFirstPatr', 24], ['firstLast', 25], ['lastFirst', 20], ['first', 15], ['firstPatr', 5], ['dim', 5], ['firstRole', 4], ['latin', 2],
];
const ROLES = ['прораб', 'дизайнер', 'бухгалтер', 'снабжение', 'жена', 'муж', 'сосед', 'дочь'];

export interface ContactName {
  name: string;
  first_name: string;
  last_name: string;
}

export function nameAs(p: Person, style: NameStyle, rng: Rng): ContactName {
  switch (style) {
    case 'lastFirstPatr':
      return { name: `${p.last} ${p.first} ${p.patronymic}`, first_name: `${p.first} ${p.patronymic}`, last_name: p.last };
    case 'firstLast':
      return { name: `${p.first} ${p.last}`, first_name: p.first, last_name: p.last };
    case 'lastFirst':
      return { name: `${p.last} ${p.first}`, first_name: p.first, last_name: p.last };
    case 'first':
      return { name: p.first, first_name: p.first, last_name: '' };
    case 'firstPatr':
      return { name: `${p.first} ${p.patronymic}`, first_name: `${p.first} ${p.patronymic}`, last_name: '' };
    case 'dim': {
      const d = rng.pick(p.diminutives);
      return rng.chance(0.5) ? { name: d, first_name: d, last_name: '' } : { name: `${d} ${p.last}`, first_name: d, last_name: p.last };
    }
    case 'firstRole': {
      const r = rng.pick(ROLES);
      return { name: `${p.first} (${r})`, first_name: `${p.first} (${r})`, last_name: '' };
    }
    case 'latin':
      return { name: `${translit(p.first)} ${translit(p.last)}`, first_name: translit(p.first), last_name: translit(p.last) };
  }
}

export function randomNameStyle(rng: Rng): NameStyle {
  return rng.weighted(NAME_STYLES);
}

export type DupNameVariant = 'same' | 'swap' | 'dim' | 'translit' | 'typo' | 'short' | 'full';

/** The name a duplicate card carries: the same real person typed differently. */
export function duplicateName(p: Person, base: NameStyle, rng: Rng): { name: ContactName; variant: DupNameVariant } {
  const variant = rng.weighted<DupNameVariant>([['same', 18], ['swap', 18], ['dim', 16], ['translit', 8], ['typo', 14], ['short', 14], ['full', 12]]);
  switch (variant) {
    case 'same':
      return { name: nameAs(p, base, rng), variant };
    case 'swap':
      return { name: base === 'lastFirst' || base === 'lastFirstPatr' ? nameAs(p, 'firstLast', rng) : nameAs(p, 'lastFirst', rng), variant };
    case 'dim': {
      const d = rng.pick(p.diminutives);
      return { name: { name: `${d} ${p.last}`, first_name: d, last_name: p.last }, variant };
    }
    case 'translit':
      return { name: nameAs(p, 'latin', rng), variant };
    case 'typo': {
      const last = typo(rng, p.last);
      return { name: { name: `${last} ${p.first}`, first_name: p.first, last_name: last }, variant };
    }
    case 'short':
      return { name: nameAs(p, 'first', rng), variant };
    case 'full':
      return { name: nameAs(p, 'lastFirstPatr', rng), variant };
  }
}

// ---------- companies ----------

const PREFIX = ['Строй', 'Окна', 'Тех', 'Пласт', 'Евро', 'Альфа', 'Монолит', 'Гранит', 'Север', 'Вектор', 'Профи', 'Мега', 'Стандарт', 'Регион', 'Капитал', 'Фасад', 'Кровля', 'Дом', 'Град', 'Спектр', 'Меридиан', 'Эталон', 'Лидер', 'Интер', 'Арт', 'Сити', 'Гарант', 'Прогресс', 'Энерго', 'Ресурс'];
const SUFFIX = ['Монтаж', 'Сервис', 'Инвест', 'Групп', 'Профи', 'Плюс', 'Маркет', 'Стиль', 'Дом', 'Комплект', 'Снаб', 'Торг', 'Строй', 'Проект', 'Система', 'Мастер', 'Пром', 'Лайн', 'Тек', 'Холдинг', 'Трейд', 'Вуд', 'Эксперт', 'Альянс', 'Партнёр'];
const TAIL = ['', '', '', '', '-М', '-Юг', '-Центр', '-Про', ' 2000', '-Север', ' Плюс', '-Трейд', ' и К'];
const WORDS = ['Ромашка', 'Берёзка', 'Радуга', 'Горизонт', 'Атлант', 'Магистраль', 'Олимп', 'Феникс', 'Визит', 'Квадрат', 'Рассвет', 'Уют', 'Новый дом', 'Тёплый дом', 'Светлый дом', 'Окна России', 'Оконный двор', 'Мир окон', 'Империя окон', 'Балконы Москвы', 'Ваш дом', 'Домострой', 'Зодчий', 'Кирпичный двор', 'Перспектива', 'Спутник', 'Весна', 'Надёжные окна', 'Пять звёзд', 'Русский проект'];
const LEGAL = ['ООО', 'ООО', 'ООО', 'ООО', 'АО', 'ЗАО', 'ПАО', 'ООО ТД', 'ООО ПКФ', 'ООО СК'];

export interface CompanyIdentity {
  /** the core name without legal form: "СтройМонтаж" */
  core: string;
  /** legal form, or 'ИП' with a person */
  legal: string;
  name: string;
  /** domain slug for e-mail and web */
  slug: string;
}

function quote(core: string, rng: Rng): string {
  return rng.weighted<string>([[`«${core}»`, 45], [`"${core}"`, 30], [core, 20], [`“${core}”`, 5]]);
}

export function randomCompany(rng: Rng, taken: Set<string>, person: () => Person): CompanyIdentity {
  for (let attempt = 0; ; attempt++) {
    if (rng.chance(0.3)) {
      const p = person();
      const ini = `${p.first[0]}.${p.patronymic[0]}.`;
      const core = rng.chance(0.7) ? `${p.last} ${ini}` : `${p.last} ${p.first} ${p.patronymic}`;
      const key = core.toLowerCase();
      if (taken.has(key)) continue;
      taken.add(key);
      return { core, legal: 'ИП', name: `ИП ${core}`, slug: translit(p.last).toLowerCase() };
    }
    let core: string;
    const r = rng.next();
    if (r < 0.15) core = rng.pick(WORDS);
    else core = `${rng.pick(PREFIX)}${rng.pick(SUFFIX)}`;
    if (attempt > 2 || rng.chance(0.35)) core += rng.pick(TAIL);
    if (attempt > 8) core += ` ${attempt}`;
    const key = core.toLowerCase();
    if (taken.has(key) || core.endsWith(' ')) continue;
    taken.add(key);
    const legal = rng.pick(LEGAL);
    const latin = rng.chance(0.03);
    const name = latin ? `${translit(core).replace(/[^A-Za-z0-9 ]/g, '')} LLC` : rng.chance(0.12) ? `${quote(core, rng)}, ${legal}` : `${legal} ${quote(core, rng)}`;
    return { core, legal, name, slug: translit(core).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') };
  }
}

export type DupCompanyVariant = 'same' | 'noLegal' | 'quotes' | 'legalAfter' | 'latin' | 'typo' | 'upper';

export function duplicateCompanyName(c: CompanyIdentity, rng: Rng): { name: string; variant: DupCompanyVariant } {
  const variant = rng.weighted<DupCompanyVariant>([['same', 15], ['noLegal', 25], ['quotes', 15], ['legalAfter', 12], ['latin', 8], ['typo', 15], ['upper', 10]]);
  switch (variant) {
    case 'same':
      return { name: c.name, variant };
    case 'noLegal':
      return { name: c.core, variant };
    case 'quotes':
      return { name: c.legal === 'ИП' ? `Индивидуальный предприниматель ${c.core}` : `${c.legal} "${c.core}"`, variant };
    case 'legalAfter':
      return { name: `${c.core}, ${c.legal}`, variant };
    case 'latin':
      return { name: `${translit(c.core).replace(/[^A-Za-z0-9 .]/g, '')} ${c.legal === 'ИП' ? 'IP' : 'LLC'}`, variant };
    case 'typo':
      return { name: c.legal === 'ИП' ? `ИП ${typo(rng, c.core)}` : `${c.legal} «${typo(rng, c.core)}»`, variant };
    case 'upper':
      return { name: `${c.legal} ${c.core.toUpperCase()}`, variant };
  }
}

// ---------- e-mail ----------

const DOMAINS: readonly (readonly [string, number])[] = [
  ['mail.ru', 30], ['yandex.ru', 25], ['gmail.com', 20], ['bk.ru', 5], ['list.ru', 4], ['inbox.ru', 4], ['rambler.ru', 4], ['ya.ru', 3], ['icloud.com', 2], ['outlook.com', 1], ['yandex.com', 1],
];
const TYPO_DOMAINS: Record<string, string> = { 'mail.ru': 'mial.ru', 'yandex.ru': 'yandex.tu', 'gmail.com': 'gmial.com', 'bk.ru': 'bk.ry', 'list.ru': 'lsit.ru', 'inbox.ru': 'imbox.ru', 'rambler.ru': 'rambler.ry', 'ya.ru': 'ya.ry', 'icloud.com': 'iclud.com', 'outlook.com': 'outlok.com', 'yandex.com': 'yandex.con' };

/**
 * Unique mailboxes: every address handed out is recorded twice, lower-cased and as its canonical
 * mailbox (shared/normalize/email.ts canonicalEmail: ya.ru = yandex.ru, mial.ru = mail.ru, Gmail dots
 * and +tags ignored), so two different people never share a mailbox the matcher would see as one.
 * Only typoOf deliberately hands out a second spelling of a mailbox already given (an injected duplicate).
 */
export class EmailAllocator {
  private readonly taken = new Set<string>();
  private readonly mailboxes = new Set<string>();

  /** the mailbox identity of an address (its lower-cased form when it has no valid canonical form) */
  static mailbox(address: string): string {
    return canonicalEmail(address)?.key ?? address.trim().toLowerCase();
  }

  has(address: string): boolean {
    return this.taken.has(address.trim().toLowerCase()) || this.mailboxes.has(EmailAllocator.mailbox(address));
  }

  claim(address: string): boolean {
    if (this.has(address)) return false;
    this.taken.add(address.trim().toLowerCase());
    this.mailboxes.add(EmailAllocator.mailbox(address));
    return true;
  }

  personal(rng: Rng, p: Person, domain?: string): string {
    const f = translit(p.first).toLowerCase().replace(/[^a-z]/g, '');
    const l = translit(p.last).toLowerCase().replace(/[^a-z]/g, '');
    const picked = domain ?? rng.weighted(DOMAINS);
    // now and then the domain itself is mistyped (a valid, different address)
    const d = domain === undefined && rng.chance(0.015) ? (TYPO_DOMAINS[picked] ?? picked) : picked;
    for (let attempt = 0; ; attempt++) {
      const n = attempt < 3 ? rng.int(0, 4) : 5;
      let local: string;
      if (n === 0) local = `${l}.${f[0] ?? 'a'}`;
      else if (n === 1) local = `${f}${rng.int(1960, 2005)}`;
      else if (n === 2) local = `${f}.${l}`;
      else if (n === 3) local = `${l}${f[0] ?? ''}${rng.int(1, 99)}`;
      else if (n === 4) local = `${f[0] ?? ''}${l}`;
      else local = `${l}.${f}${rng.int(1, 99_999)}`;
      let address = `${local}@${d}`;
      if (rng.chance(0.05)) address = address[0]!.toUpperCase() + address.slice(1);
      // an address already drawn: draw again (the same draws as ever, so the random stream and
      // everything generated after it stay as they were)
      if (this.taken.has(address.toLowerCase())) continue;
      return this.claimMailbox(address);
    }
  }

  /**
   * Hands out a freshly drawn address whose spelling is new. When its mailbox is another person's
   * (roman1985@ya.ru after roman1985@yandex.ru), the local part gets "-2", "-3"… instead, without a
   * new random draw. Drawn addresses never hold a hyphen, so a numbered one never meets a later draw.
   */
  private claimMailbox(address: string): string {
    if (this.claim(address)) return address;
    this.taken.add(address.trim().toLowerCase());
    const at = address.lastIndexOf('@');
    for (let k = 2; ; k++) {
      const numbered = `${address.slice(0, at)}-${k}${address.slice(at)}`;
      if (this.claim(numbered)) return numbered;
    }
  }

  company(rng: Rng, slug: string): { address: string; domain: string } {
    for (let attempt = 0; ; attempt++) {
      const domain = `${slug || 'firma'}${attempt === 0 ? '' : `-${attempt}`}.ru`;
      if (this.has(`info@${domain}`) || this.has(`zakaz@${domain}`) || this.has(`office@${domain}`) || this.has(`sales@${domain}`)) continue;
      const address = `${rng.pick(['info', 'info', 'zakaz', 'office', 'sales'])}@${domain}`;
      // reserve the whole domain's generic boxes
      for (const box of ['info', 'zakaz', 'office', 'sales']) this.claim(`${box}@${domain}`);
      return { address, domain };
    }
  }

  /**
   * A typo in the domain: a different address of the same mailbox (the matcher folds the typo back),
   * for a duplicate card of the original's owner. When that spelling is taken, a new mailbox.
   */
  typoOf(rng: Rng, address: string): string {
    const [local, domain] = address.split('@') as [string, string];
    const original = EmailAllocator.mailbox(address);
    for (let attempt = 0; ; attempt++) {
      const td = TYPO_DOMAINS[domain.toLowerCase()] ?? `${domain}.ru`;
      const candidate = attempt === 0 ? `${local}@${td}` : `${local}${attempt}@${td}`;
      const key = candidate.trim().toLowerCase();
      if (this.taken.has(key)) continue;
      const box = EmailAllocator.mailbox(candidate);
      if (box !== original && this.mailboxes.has(box)) continue;
      this.taken.add(key);
      this.mailboxes.add(box);
      return candidate;
    }
  }

  /** the same address typed differently: case and spaces only */
  static restyle(rng: Rng, address: string): string {
    const kind = rng.int(0, 2);
    if (kind === 0) return address.toUpperCase();
    if (kind === 1) return address[0]!.toUpperCase() + address.slice(1).replace(/@(\w)/, (_m, c: string) => `@${c.toUpperCase()}`);
    return ` ${address} `;
  }
}
