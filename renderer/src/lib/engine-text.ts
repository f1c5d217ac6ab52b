// runtime: browser
import type { TFunction } from 'i18next';
import type { MessageRef } from '../../../shared/api/result';

/**
 * A service's message in the UI's language: `engine:<key>` with its parameters, and the
 * service's English text when the key is unknown (an older or newer engine).
 */
export function engineText(t: TFunction, ref: Partial<MessageRef> | null | undefined, fallback: string): string {
  if (!ref?.key) return fallback;
  return t(`engine:${ref.key}`, { ...(ref.params ?? {}), defaultValue: fallback });
}
