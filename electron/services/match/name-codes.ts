// runtime: node
/**
 * Comparisons that read only a card's name (given name, surname, patronymic, a company's name) are
 * built over the distinct names of the input, not over every card: each card gets the code of its
 * name (name, first_name, last_name), and the comparator answers for a card through its code. A
 * CRM repeats names (1 M synthetic contacts hold about 150 k distinct ones), so the names are
 * parsed once per distinct name, and the agreement levels of a pair of names can be kept and reused
 * for every pair of cards that carry them (pair-memo.ts). A comparator built this way sees only the
 * name fields: that is what makes the codes a complete description of its input.
 */
import type { Comparator } from './comparators';
import type { ComparisonRule } from './rules';
import type { AmoEntity } from './types';

/** Comparison kinds that read only the name fields when the rule names no field. */
const NAME_KINDS: ReadonlySet<ComparisonRule['kind']> = new Set(['given', 'surname', 'patronymic', 'company']);

export const readsOnlyName = (rule: ComparisonRule): boolean => NAME_KINDS.has(rule.kind) && rule.field === undefined;

export interface NameCodes {
  /** the code of each card's name */
  codes: Uint32Array;
  /** one card per distinct name, in order of first appearance: only its name fields */
  names: AmoEntity[];
}

export function nameCodes(entities: readonly AmoEntity[]): NameCodes {
  const codes = new Uint32Array(entities.length);
  const index = new Map<string, number>();
  const names: AmoEntity[] = [];
  entities.forEach((e, i) => {
    const key = `${e.name ?? ''}\u0001${e.first_name ?? ''}\u0001${e.last_name ?? ''}\u0001${e.name === null ? 0 : e.name === undefined ? 1 : 2}${e.first_name === null ? 0 : e.first_name === undefined ? 1 : 2}${e.last_name === null ? 0 : e.last_name === undefined ? 1 : 2}`;
    let code = index.get(key);
    if (code === undefined) {
      code = names.length;
      index.set(key, code);
      names.push({ id: e.id, name: e.name, first_name: e.first_name, last_name: e.last_name });
    }
    codes[i] = code;
  });
  return { codes, names };
}

/** A comparator built over the distinct names, answering for cards by their codes. */
export interface CodedComparator extends Comparator {
  /** the comparator over the distinct names */
  readonly inner: Comparator;
  /** the code of each card's name */
  readonly nameCode: Uint32Array;
}

/**
 * A comparator's methods by what they take: a card (or two), mapped to name codes here, or a value
 * (passed through). name-codes.test.ts fails on a method in neither list, so a new method of
 * Comparator is classified here before a coded comparator can drop or misread it.
 */
export const CARD_METHODS = ['level', 'tfValue', 'values', 'blockKeys', 'display', 'vetoPair'] as const;
export const VALUE_METHODS = ['weak', 'personal', 'useCounts'] as const;

export function throughCodes(inner: Comparator, nameCode: Uint32Array): CodedComparator {
  const code = (i: number) => nameCode[i]!;
  return {
    ...inner,
    inner,
    nameCode,
    level: (i, j) => inner.level(code(i), code(j)),
    tfValue: (i, j) => inner.tfValue(code(i), code(j)),
    values: (i) => inner.values(code(i)),
    blockKeys: (i, variant) => inner.blockKeys(code(i), variant),
    display: (i) => inner.display(code(i)),
    ...(inner.vetoPair ? { vetoPair: (i: number, j: number) => inner.vetoPair!(code(i), code(j)) } : {}),
  };
}

/** true for a comparator built by throughCodes */
export const isCoded = (c: Comparator): c is CodedComparator => 'nameCode' in c && 'inner' in c;
