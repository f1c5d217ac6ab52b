// runtime: node
/**
 * Synthetic amoCRM contacts for the matcher's speed figures: Russian names, phones in the
 * forms managers type, some e-mails, and about 3 % of cards duplicated with the usual variants
 * (swapped order, diminutive, transliteration, a typo, a name-only card). Deterministic per seed.
 */
import { RUSSIAN_GIVEN_NAMES } from '../shared/normalize/names-table';
import { transliterate } from '../shared/normalize/translit';
import { seededRandom } from '../shared/random/seeded';
import type { AmoEntity } from '../electron/services/match/types';

const SURNAMES = `Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Софронов Мальцев Логинов Горшков Савин Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Дёмин Хохлов Фадеев Молчанов Игнатов Литвинов Ершов Ушаков Дементьев Рябов Мухин Калашников Леонтьев Лобанов Кузин Корнилов Евдокимов Бородин Платонов Некрасов Балашов Бобров Жданов Блинов Игнатьев Коротков Муравьёв Крюков Беляков Богомолов Дроздов Лавров Зуев Петухов Ларин Никулин Серов Терентьев Зотов Устинов Фокин Самойлов Константинов Сахаров Шишкин Самсонов Черкасов Чистяков Носов Спиридонов Карасёв Авдеев Воронцов Зверев Владимиров Селезнёв Нечаев Кудрявцев Седов Фирсов Андрианов Панин Головин Терехов Ульянов Шестаков Агеев Никонов Селиванов Баженов Гордеев Кожевников Пахомов Зимин Костин Широков Филимонов Ларионов Овсянников Сазонов Суворов Нефёдов Корнилов Любимов Львов Горбачёв Копылов Лукин Токарев Кулешов Шилов Большаков Панкратов Родин Шаповалов Покровский Бочаров Никольский Маркин Горелов Агафонов Березин Ермолаев Зубков Куприянов Трифонов Масленников Круглов Третьяков Колосов Рожков Артамонов Шмелёв Лаптев Лапин Фёдоров Зыков Ефимов Верещагин Ситников Руднев`.split(/\s+/);

const MALE: { full: string; forms: string[] }[] = [];
const FEMALE: { full: string; forms: string[] }[] = [];
for (const line of RUSSIAN_GIVEN_NAMES.split('\n')) {
  const colon = line.indexOf(':');
  if (colon < 0) continue;
  const full = line.slice(0, colon).trim();
  const forms = line
    .slice(colon + 1)
    .split(',')
    .map((f) => f.trim())
    .filter((f) => /[а-яё]/i.test(f));
  (/[ая]$/.test(full) && full !== 'Никита' && full !== 'Илья' ? FEMALE : MALE).push({ full, forms });
}

const PHONE_FORMS: ((d: string) => string)[] = [
  (d) => `+7${d}`,
  (d) => `8${d}`,
  (d) => `+7 ${d.slice(0, 3)} ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => `8 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8)}`,
  (d) => d,
];

export interface SynthSet {
  entities: AmoEntity[];
  groups: number[][];
}

export function synthContacts(n: number, seed = 7): SynthSet {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const entities: AmoEntity[] = [];
  const groups: number[][] = [];
  const used = new Set<string>();
  const phone = (): string => {
    for (;;) {
      const d = `9${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
      if (!used.has(d)) {
        used.add(d);
        return d;
      }
    }
  };
  const card = (id: number, name: string, phoneDigits: string | null, email: string | null): AmoEntity => ({
    id,
    name,
    created_at: 1_600_000_000 + id,
    updated_at: 1_600_000_000 + id,
    responsible_user_id: 1 + (id % 30),
    custom_fields_values: [
      ...(phoneDigits ? [{ field_code: 'PHONE', values: [{ value: pick(PHONE_FORMS)(phoneDigits), enum_code: 'WORK' }] }] : []),
      ...(email ? [{ field_code: 'EMAIL', values: [{ value: email, enum_code: 'WORK' }] }] : []),
    ],
  });
  let id = 1;
  while (entities.length < n) {
    const female = r() < 0.5;
    const g = pick(female ? FEMALE : MALE);
    const sur = pick(SURNAMES) + (female ? 'а' : '');
    const d = phone();
    const email = r() < 0.3 ? `${transliterate(g.full).slice(0, 1)}.${transliterate(sur)}${Math.floor(r() * 1000)}@${pick(['mail.ru', 'yandex.ru', 'gmail.com'])}` : null;
    const style = r();
    const name = style < 0.5 ? `${g.full} ${sur}` : style < 0.8 ? `${sur} ${g.full}` : g.full;
    const first = id++;
    entities.push(card(first, name, d, email));
    if (r() < 0.03 && entities.length < n) {
      const v = r();
      const dupName =
        v < 0.25 ? `${sur} ${g.full}` : v < 0.5 && g.forms.length > 0 ? `${pick(g.forms)} ${sur}` : v < 0.7 ? `${transliterate(g.full)} ${transliterate(sur)}` : v < 0.85 ? g.full : `${g.full} ${sur.slice(0, -1)}`;
      const dup = id++;
      entities.push(card(dup, dupName, r() < 0.85 ? d : null, r() < 0.85 ? null : email));
      groups.push([first, dup]);
    }
  }
  return { entities, groups };
}
