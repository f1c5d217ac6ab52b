// runtime: common (no node, no DOM, no electron)
import { describe, expect, it } from 'vitest';
import { foldCase, phoneticKey, transliterate, words } from './translit';

describe('transliterate', () => {
  it.each([
    ['Щукин', 'shchukin'],
    ['Ёжиков', 'ezhikov'],
    ['Юлия', 'yuliya'],
    ['Хабаровск', 'khabarovsk'],
    ['Цой', 'tsoy'],
    ['Подъячев', 'podyachev'],
    ['Ivan', 'ivan'],
    ['José', 'jose'],
  ])('%s → %s', (a, b) => expect(transliterate(a)).toBe(b));

  it('folds ё to е and keeps й', () => {
    expect(foldCase('Фёдор Йошкин')).toBe('федор йошкин');
  });

  it('splits words of letters and digits', () => {
    expect(words('Иванов-Петров, Иван (дизайнер) 2')).toEqual(['иванов', 'петров', 'иван', 'дизайнер', '2']);
  });
});

describe('phoneticKey brings Cyrillic and Latin spellings together', () => {
  const same: [string, string][] = [
    ['Александр', 'Aleksandr'], ['Александр', 'Alexandr'], ['Алексей', 'Aleksey'], ['Алексей', 'Alexei'], ['Евгений', 'Evgeniy'],
    ['Евгений', 'Yevgeny'], ['Евгений', 'Evgenii'], ['Юлия', 'Yulia'], ['Юлия', 'Julia'], ['Юлия', 'Iuliia'], ['Юрий', 'Yuriy'],
    ['Юрий', 'Iurii'], ['Юрий', 'Yuri'], ['Дмитрий', 'Dmitriy'], ['Дмитрий', 'Dmitry'], ['Дмитрий', 'Dmitrii'], ['Сергей', 'Sergey'],
    ['Сергей', 'Sergei'], ['Андрей', 'Andrey'], ['Андрей', 'Andrei'], ['Николай', 'Nikolay'], ['Николай', 'Nikolai'], ['Наталья', 'Natalya'],
    ['Татьяна', 'Tatyana'], ['Ксения', 'Kseniya'], ['Ксения', 'Xeniya'], ['Максим', 'Maksim'], ['Максим', 'Maxim'], ['Михаил', 'Mikhail'],
    ['Хабибуллин', 'Khabibullin'], ['Хабибуллин', 'Habibulin'], ['Щербаков', 'Shcherbakov'], ['Щербаков', 'Scherbakov'], ['Цветков', 'Tsvetkov'],
    ['Цветков', 'Tzvetkov'], ['Жуков', 'Zhukov'], ['Чернов', 'Chernov'], ['Шевченко', 'Shevchenko'], ['Яковлев', 'Yakovlev'],
    ['Соловьёв', 'Solovyov'], ['Соловьев', 'Solovyev'], ['Кузьмин', 'Kuzmin'], ['Григорьев', 'Grigoryev'], ['Васильев', 'Vasilyev'],
    ['Филиппов', 'Filipov'], ['Филиппов', 'Philippov'], ['Аксёнов', 'Aksenov'], ['Аксенов', 'Axenov'], ['Козлов', 'Kozlov'],
  ];
  it.each(same)('%s ~ %s', (a, b) => {
    const ka = phoneticKey(a);
    const kb = phoneticKey(b);
    // equal keys, or keys one letter apart (Соловьёв/Solovyov: "solovev" vs "solovov")
    const diff = Math.abs(ka.length - kb.length) + [...ka].filter((ch, i) => kb[i] !== ch).length;
    expect(ka === kb || diff <= 2).toBe(true);
  });

  it('keeps different names apart', () => {
    expect(phoneticKey('Иванов')).not.toBe(phoneticKey('Петров'));
    expect(phoneticKey('Мария')).not.toBe(phoneticKey('Марина'));
  });
});
