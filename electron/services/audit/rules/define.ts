// runtime: node
import type { AuditRule } from '../types';

/** Identity helper that keeps each rule module's literal typed as an AuditRule. */
export const defineRule = (rule: AuditRule): AuditRule => rule;

/** Placeholders amoCRM shows (or integrations write) for cards without a name. */
export const NONAME_PLACEHOLDERS = ['без имени', 'контакт без имени', 'компания без названия'];
const CONTACT_NUMBER = /^контакт\s*#\s*\d+$/iu;

/** noname.*: empty after trimming, or a placeholder. */
export function isNoName(name: string | null | undefined): boolean {
  const trimmed = (name ?? '').trim();
  if (trimmed === '') return true;
  const lower = trimmed.toLowerCase();
  return NONAME_PLACEHOLDERS.includes(lower) || CONTACT_NUMBER.test(lower);
}

export const isActiveStatus = (statusId: number): boolean => statusId !== 142 && statusId !== 143;
