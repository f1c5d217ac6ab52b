// runtime: node
import type { AuditRule } from '../types';
import {
  accountCompanies,
  accountContacts,
  accountLeads,
  accountLeadsActive,
  accountLeadsLost,
  accountLeadsWon,
  accountUsers,
} from './account';
import { notesDuplicateCalls, telephonyNoCallRecords } from './calls';
import { duplicatesEmail, duplicatesPhone } from './duplicates';
import { fieldsKeyFill, fieldsLowFill, fieldsTextAsList, fieldsUnused } from './fields';
import { invalidContacts } from './invalid-contacts';
import { leadsActiveWithoutTask } from './leads-active-without-task';
import { leadsDuplicateActive } from './leads-duplicate-active';
import { leadsLostWithoutReason } from './leads-lost-without-reason';
import { nodealsCompanies, nodealsContacts } from './nodeals';
import { nonameCompanies, nonameContacts } from './noname';
import { nophoneContacts } from './nophone-contacts';
import { notesOnClosedLeads } from './notes-on-closed-leads';
import { phonesNonMobileEnum } from './phones-non-mobile-enum';
import { pipelinesOverloaded, pipelinesUnusedStages } from './pipelines';
import { stuffedEmail, stuffedPhone } from './stuffed';
import { tagsUnusedCompanies, tagsUnusedContacts, tagsUnusedLeads } from './tags-unused';
import { taskTypesUnused } from './task-types-unused';
import { usersAdmins, usersCanDelete, usersInactive } from './users';

/** Every rule, in the order of the report. */
export const RULES: readonly AuditRule[] = [
  accountContacts,
  accountCompanies,
  accountLeads,
  accountLeadsActive,
  accountLeadsWon,
  accountLeadsLost,
  accountUsers,
  duplicatesPhone,
  duplicatesEmail,
  stuffedPhone,
  stuffedEmail,
  nonameContacts,
  nonameCompanies,
  nophoneContacts,
  invalidContacts,
  nodealsContacts,
  nodealsCompanies,
  leadsActiveWithoutTask,
  leadsLostWithoutReason,
  taskTypesUnused,
  tagsUnusedLeads,
  tagsUnusedContacts,
  tagsUnusedCompanies,
  usersAdmins,
  usersCanDelete,
  usersInactive,
  phonesNonMobileEnum,
  notesOnClosedLeads,
  telephonyNoCallRecords,
  notesDuplicateCalls,
  leadsDuplicateActive,
  fieldsKeyFill,
  fieldsUnused,
  fieldsLowFill,
  fieldsTextAsList,
  pipelinesOverloaded,
  pipelinesUnusedStages,
];

export const RULE_BY_ID: ReadonlyMap<string, AuditRule> = new Map(RULES.map((r) => [r.id, r]));
