// runtime: browser
import ruCommon from './locales/ru/common.json';
import ruConnect from './locales/ru/connect.json';
import ruSnapshot from './locales/ru/snapshot.json';
import ruBrowse from './locales/ru/browse.json';
import ruAudit from './locales/ru/audit.json';
import ruDuplicates from './locales/ru/duplicates.json';
import ruChanges from './locales/ru/changes.json';
import ruDesktop from './locales/ru/desktop.json';
import ruCompare from './locales/ru/compare.json';
import ruEngine from './locales/ru/engine.json';
import enCommon from './locales/en/common.json';
import enConnect from './locales/en/connect.json';
import enSnapshot from './locales/en/snapshot.json';
import enBrowse from './locales/en/browse.json';
import enAudit from './locales/en/audit.json';
import enDuplicates from './locales/en/duplicates.json';
import enChanges from './locales/en/changes.json';
import enDesktop from './locales/en/desktop.json';
import enCompare from './locales/en/compare.json';
import enEngine from './locales/en/engine.json';

/** One namespace per area: a screen's owner edits only their own files; `engine` words the services' messages by key. */
export const NAMESPACES = ['common', 'connect', 'snapshot', 'browse', 'audit', 'duplicates', 'changes', 'compare', 'desktop', 'engine'] as const;
export type Namespace = (typeof NAMESPACES)[number];
export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const resources: Record<Language, Record<Namespace, Record<string, unknown>>> = {
  ru: {
    common: ruCommon,
    connect: ruConnect,
    snapshot: ruSnapshot,
    browse: ruBrowse,
    audit: ruAudit,
    duplicates: ruDuplicates,
    changes: ruChanges,
    desktop: ruDesktop,
    compare: ruCompare,
    engine: ruEngine,
  },
  en: {
    common: enCommon,
    connect: enConnect,
    snapshot: enSnapshot,
    browse: enBrowse,
    audit: enAudit,
    duplicates: enDuplicates,
    changes: enChanges,
    desktop: enDesktop,
    compare: enCompare,
    engine: enEngine,
  },
};
