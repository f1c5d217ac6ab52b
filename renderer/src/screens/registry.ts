// runtime: browser
import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Namespace } from '../i18n/resources';

export const SCREEN_IDS = ['connect', 'snapshot', 'browse', 'audit', 'duplicates', 'changes', 'compare'] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];

export interface ScreenDef {
  id: ScreenId;
  /** The i18n namespace the screen owns (renderer/src/i18n/locales/{ru,en}/<ns>.json). */
  ns: Namespace;
  /** Loaded on first visit, so one screen's libraries (e.g. recharts) don't weigh on the others. */
  Component: LazyExoticComponent<ComponentType>;
}

/**
 * Every screen of the app, in navigation order (Alt+1..6 follows this order).
 * The navigation label is `common:nav.<id>`; the screen's own texts live in its namespace.
 */
export const SCREENS: readonly ScreenDef[] = [
  { id: 'connect', ns: 'connect', Component: lazy(() => import('./connect/ConnectScreen')) },
  { id: 'snapshot', ns: 'snapshot', Component: lazy(() => import('./snapshot/SnapshotScreen')) },
  { id: 'browse', ns: 'browse', Component: lazy(() => import('./browse/BrowseScreen')) },
  { id: 'audit', ns: 'audit', Component: lazy(() => import('./audit/AuditScreen')) },
  { id: 'duplicates', ns: 'duplicates', Component: lazy(() => import('./duplicates/DuplicatesScreen')) },
  { id: 'changes', ns: 'changes', Component: lazy(() => import('./changes/ChangesScreen')) },
  { id: 'compare', ns: 'compare', Component: lazy(() => import('./compare/CompareScreen')) },
];

export const DEFAULT_SCREEN: ScreenId = 'connect';

export const isScreenId = (value: unknown): value is ScreenId =>
  typeof value === 'string' && (SCREEN_IDS as readonly string[]).includes(value);
