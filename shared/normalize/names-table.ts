// runtime: common (no node, no DOM, no electron)
/**
 * Common Russian given names with their everyday and diminutive forms, and common Latin
 * spellings. One line per full name: "Full: form, form, ...". A form may belong to several
 * names (Саша → Александр and Александра; Женя → Евгений and Евгения); matching treats a
 * name as the set of full names it can stand for. English hypocorisms follow for Latin data.
 */
export const RUSSIAN_GIVEN_NAMES = `
Александр: Саша, Сашка, Саня, Санёк, Шура, Шурик, Алекс, Сашенька, Сашуля, Alexander, Alexandr, Aleksandr, Alex, Sasha, Sanya, Shura
Александра: Саша, Сашка, Саня, Шура, Сашенька, Аля, Alexandra, Aleksandra, Sasha
Алексей: Лёша, Леша, Алёша, Алеша, Лёха, Леха, Лёшка, Алекс, Alexey, Aleksey, Alexei, Aleksei, Alex, Lesha, Alyosha
Анатолий: Толя, Толик, Anatoly, Anatoliy, Tolya
Андрей: Андрюша, Андрюха, Дрон, Andrey, Andrei, Andrew
Антон: Антоша, Тоша, Anton
Аркадий: Аркаша, Arkady, Arkadiy
Арсений: Арсен, Сеня, Arseny, Arseniy
Артём: Артем, Тёма, Тема, Artem, Artyom, Tema
Артур: Arthur, Artur
Борис: Боря, Борька, Boris, Borya
Вадим: Вадик, Vadim
Валентин: Валя, Valentin
Валентина: Валя, Valentina
Валерий: Валера, Valery, Valeriy, Valera
Валерия: Лера, Valeria, Valeriya, Lera
Василий: Вася, Васька, Vasily, Vasiliy, Vasya
Вера: Верочка, Vera
Виктор: Витя, Витёк, Viktor, Victor, Vitya
Виктория: Вика, Viktoria, Victoria, Viktoriya, Vika
Виталий: Виталик, Витя, Vitaly, Vitaliy
Владимир: Вова, Вовка, Володя, Влад, Vladimir, Vova, Volodya
Владислав: Влад, Владик, Слава, Vladislav, Vlad
Всеволод: Сева, Vsevolod, Seva
Вячеслав: Слава, Славик, Vyacheslav, Slava
Галина: Галя, Galina, Galya
Геннадий: Гена, Gennady, Gennadiy, Gena
Георгий: Гоша, Жора, Гера, George, Georgy, Georgiy, Gosha, Zhora
Герман: Гера, German, Herman
Глеб: Gleb
Григорий: Гриша, Grigory, Grigoriy, Grisha
Даниил: Данила, Даня, Данил, Daniil, Daniel, Danila, Danya
Дарья: Даша, Дашенька, Darya, Daria, Dasha
Денис: Дениска, Denis
Диана: Ди, Diana
Дмитрий: Дима, Димка, Димон, Митя, Dmitry, Dmitriy, Dmitrii, Dima, Mitya
Евгений: Женя, Жека, Женёк, Evgeny, Evgeniy, Yevgeny, Eugene, Zhenya
Евгения: Женя, Evgenia, Evgeniya, Eugenia, Zhenya
Егор: Егорка, Egor, Yegor
Екатерина: Катя, Катюша, Катька, Ekaterina, Yekaterina, Katerina, Catherine, Katya, Kate
Елена: Лена, Леночка, Алёна, Elena, Yelena, Helen, Lena
Елизавета: Лиза, Elizaveta, Elizabeth, Liza
Иван: Ваня, Ванька, Ванёк, Ivan, Vanya
Игорь: Игорёк, Гоша, Igor
Илья: Илюша, Ilya, Ilia
Инна: Inna
Ирина: Ира, Иришка, Irina, Ira
Кирилл: Киря, Kirill, Kiril
Клавдия: Клава, Klavdia
Константин: Костя, Kostya, Konstantin
Ксения: Ксюша, Ксюня, Ksenia, Kseniya, Xenia, Ksyusha
Лариса: Лара, Larisa, Larissa
Леонид: Лёня, Леня, Leonid, Lenya
Лидия: Лида, Lidia, Lidiya
Любовь: Люба, Lyubov, Lyuba
Людмила: Люда, Мила, Люся, Lyudmila, Ludmila, Lyuda
Максим: Макс, Максимка, Maxim, Maksim, Max
Маргарита: Рита, Margarita, Rita
Марина: Мариша, Marina
Мария: Маша, Машенька, Маня, Маруся, Maria, Mariya, Mary, Masha
Михаил: Миша, Мишка, Мишаня, Mikhail, Michael, Misha
Надежда: Надя, Nadezhda, Nadya
Наталья: Наташа, Ната, Наталия, Natalia, Natalya, Natasha
Никита: Nikita
Николай: Коля, Колян, Nikolay, Nikolai, Nicholas, Kolya
Нина: Nina
Оксана: Ксана, Oksana
Олег: Олежка, Oleg
Ольга: Оля, Оленька, Olga, Olya
Павел: Паша, Пашка, Pavel, Paul, Pasha
Пётр: Петр, Петя, Pyotr, Petr, Peter, Petya
Полина: Поля, Polina
Роман: Рома, Ромка, Roman, Roma
Руслан: Руся, Рус, Русик, Ruslan
Светлана: Света, Светик, Svetlana, Sveta
Семён: Семен, Сеня, Semyon, Semen
Сергей: Серёжа, Сережа, Серёга, Серега, Серж, Sergey, Sergei, Serge, Seryozha
Софья: София, Соня, Sofia, Sofya, Sophia, Sonya
Станислав: Стас, Слава, Stanislav, Stas
Степан: Стёпа, Степа, Stepan, Stepa
Таисия: Тая, Taisia
Тамара: Тома, Tamara
Татьяна: Таня, Танюша, Tatyana, Tatiana, Tanya
Тимофей: Тима, Тимоша, Timofey, Tima
Тимур: Тима, Timur
Фёдор: Федор, Федя, Fedor, Fyodor, Fedya
Юлия: Юля, Юленька, Yulia, Julia, Yuliya, Iuliia, Yulya
Юрий: Юра, Юрка, Yury, Yuriy, Yuri, Iurii, Yura
Яков: Яша, Yakov, Jacob, Yasha
Ярослав: Ярик, Слава, Yaroslav
Эдуард: Эдик, Eduard, Edward
Эльвира: Эля, Elvira
Анастасия: Настя, Настёна, Ася, Anastasia, Anastasiya, Nastya
Анна: Аня, Анюта, Нюра, Ann, Anna, Anya
Алина: Aлина, Alina
Алла: Alla
Альберт: Алик, Albert
Алиса: Alisa, Alice
Антонина: Тоня, Antonina
Валентина: Валюша
Вероника: Ника, Veronika, Veronica
Галина: Галочка
Зинаида: Зина, Zinaida
Зоя: Zoya
Карина: Karina
Кристина: Кристи, Kristina, Christina
Лилия: Лиля, Lilia, Liliya
Олеся: Леся, Olesya
Раиса: Рая, Raisa
Ренат: Renat
Ростислав: Ростик, Слава, Rostislav
Тарас: Taras
Филипп: Филя, Filipp, Philip
Эмилия: Эмма, Emilia
Ульяна: Уля, Ulyana
Лев: Лёва, Лева, Lev, Leo
Марк: Mark
Матвей: Мотя, Matvey
Мирослав: Мирон, Miroslav
Богдан: Bogdan
Виолетта: Виола, Вета, Violetta
Яна: Yana
Эльмира: Elmira
`;

/** English hypocorisms, for the Latin-script benchmark sets and foreign contacts. */
export const ENGLISH_GIVEN_NAMES = `
robert: rob, bob, bobby, robbie, bert
william: will, bill, billy, willie, liam
richard: rick, dick, rich, richie
james: jim, jimmy, jamie
john: johnny, jack, jon
elizabeth: liz, beth, betty, lizzie, eliza, libby
margaret: maggie, peggy, meg, marge
katherine: kate, katie, kathy, cathy, catherine, kathryn, kat
thomas: tom, tommy
michael: mike, mick, mikey
christopher: chris, kit
joseph: joe, joey
daniel: dan, danny
david: dave, davy
edward: ed, eddie, ted, ned
matthew: matt
anthony: tony
charles: charlie, chuck
jennifer: jen, jenny
patricia: pat, patty, trish
samuel: sam, sammy
samantha: sam, sammy
alexander: alex, al, sandy
benjamin: ben, benny
nicholas: nick, nicky
jonathan: jon, jonny
joshua: josh
andrew: andy, drew
stephen: steve, steven
timothy: tim, timmy
kenneth: ken, kenny
gregory: greg
jessica: jess, jessie
rebecca: becky, becca
susan: sue, susie
deborah: debbie, deb
victoria: vicky, tori
zachary: zach, zack
abigail: abby
frederick: fred, freddie
harold: harry, hal
henry: harry, hank
lawrence: larry
raymond: ray
ronald: ron, ronnie
donald: don, donnie
gerald: gerry, jerry
peter: pete
philip: phil
jacob: jake
nathan: nate
isabella: bella, izzy
madeline: maddie, madison
`;
