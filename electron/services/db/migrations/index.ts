// runtime: node
import { migration0001 } from './0001-snapshot-core';
import { migration0002 } from './0002-audit';
import { migration0003 } from './0003-match-decisions';
import { migration0004 } from './0004-change-plan';

export interface Migration {
  readonly id: number;
  readonly name: string;
  /** Plain SQL, hashed: a file whose recorded hash differs from this text is refused. */
  readonly up: string;
}

/**
 * Every migration, in order. Ids are contiguous from 1; a migration is never edited
 * once released (its hash is recorded in each file it ran on). Capabilities own their numbers:
 * 0002 audit (fix intents, audit runs), 0003 match decisions, 0004 change plan and journal.
 */
export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004];
