// runtime: node
/**
 * Everyday (hypocoristic) forms of Russian given names for the second generator, taken only from
 * public sources read for this purpose (never from the demo generator or the matcher's tables):
 *
 * [B] В. Берков и др., «Как мы живём: пособие по страноведению для изучающих русский язык», the
 *     list of first-degree diminutives (https://www.readania.com/kak-my-zhivyom-posobie-po-stranovedeniyu-dlya-izuchayuschih-russkij-yazyk-valerij-berkov-id481270/read/16).
 * [K] И. Кублицкая, «Выбираем имя малышу», the dictionary of female names
 *     (https://libcat.ru/knigi/domovodstvo/126903-30-inna-kublickaya-vybiraem-imya-malyshu.html).
 * [R] Russia Beyond (RBTH), on the forms of Александр/Александра (https://fr.rbth.com/%C3%A9ducation/96589-prenom-alexandre-russie).
 * [W] Wikipedia, "Alexey" (the hypocoristics Alyosha, Lyosha, Lyokha).
 * [N] Behind the Name, "Russian names" and its forum thread on Russian pet forms
 *     (https://surnames.behindthename.com/glossary/view/russian_names, https://behindthename.com/bb/nav.php?board=all&dir=prev&id=3276696).
 * [P] wielodzietni.org forum, a list of Russian diminutives (http://wielodzietni.org/discussion/35212/imiona-unisex/p2).
 *
 * A name no source gave a form for has none here: the generator then writes the full name.
 */
export const HYPOCORISMS: Readonly<Record<string, readonly string[]>> = {
  // male
  Александр: ['Саша', 'Саня', 'Шура'], // [R]
  Алексей: ['Алёша', 'Лёша', 'Лёха'], // [W], [B]
  Андрей: ['Андрюша', 'Андрюха'], // [N]
  Арсений: ['Сеня'], // [P]
  Вадим: ['Вадик'], // [B]
  Валентин: ['Валя'], // [B]
  Василий: ['Вася'], // [B]
  Владимир: ['Вова', 'Володя'], // [B], [P]
  Григорий: ['Гриша'], // [P]
  Дмитрий: ['Дима', 'Митя'], // [N] forum, [P]
  Евгений: ['Женя'], // [P]
  Иван: ['Ваня'], // [P]
  Илья: ['Илюша', 'Илюха'], // [N]
  Константин: ['Костя'], // [B]
  Леонид: ['Лёня'], // [B]
  Михаил: ['Миша'], // [B], [P]
  Николай: ['Коля'], // [B], [P]
  Олег: ['Олежка'], // [N]
  Роман: ['Рома'], // [B]
  Сергей: ['Серёжа', 'Серёга'], // [B], [P]; Серёга: [N]
  Юрий: ['Юра'], // [P]
  // female
  Александра: ['Саша', 'Шура'], // [R]
  Анастасия: ['Настя', 'Стася'], // [N]
  Антонина: ['Тоня'], // [B]
  Валентина: ['Валя'], // [B]
  Вера: ['Верочка'], // [N]
  Евгения: ['Женя'], // [P]
  Лариса: ['Лара', 'Лора'], // [B]
  Любовь: ['Люба'], // [B]
  Людмила: ['Люда', 'Люся', 'Мила'], // [B]
  Маргарита: ['Рита', 'Мара'], // [K]
  Марина: ['Мариша'], // [K]
  Мария: ['Маша', 'Маня', 'Маруся'], // [B], [K]
  Надежда: ['Надя'], // [B], [K]
  Наталья: ['Наташа', 'Ната', 'Таша'], // [K]
  Ольга: ['Оля'], // [N]
  Светлана: ['Света'], // [B]
  Софья: ['Соня'], // [B]
  Тамара: ['Тома'], // [B]
  Татьяна: ['Таня'], // [B]
  Ирина: ['Ира'], // [B]
};

/** The everyday forms of a full given name (none when no source gave one). */
export const hypocorismsOf = (name: string): readonly string[] => HYPOCORISMS[name] ?? [];
