// runtime: node
/** The links between leads, contacts and companies: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';
import type { EntityTable } from './entities';

/** What is counted per entity: "<entity>:<linked type>" (the leads of each contact, ...). */
export type LinkCount = 'contacts:leads' | 'contacts:companies' | 'companies:leads' | 'companies:contacts' | 'leads:contacts' | 'leads:companies';

const COUNT_SQL: Record<LinkCount, string> = {
  'contacts:leads': 'SELECT contact_id, count(*) FROM lead_contacts GROUP BY contact_id',
  'contacts:companies': 'SELECT contact_id, count(*) FROM contact_companies GROUP BY contact_id',
  'companies:leads': 'SELECT company_id, count(*) FROM lead_companies GROUP BY company_id',
  'companies:contacts': 'SELECT company_id, count(*) FROM contact_companies GROUP BY company_id',
  'leads:contacts': 'SELECT lead_id, count(*) FROM lead_contacts GROUP BY lead_id',
  'leads:companies': 'SELECT lead_id, count(*) FROM lead_companies GROUP BY lead_id',
};

/** Streams [entity id, linked entities] for every entity with at least one link of that kind. */
export function linkCountStream(db: DbReader, kind: LinkCount): IterableIterator<[number, number]> {
  return db.prepare(COUNT_SQL[kind]).raw(true).iterate() as IterableIterator<[number, number]>;
}

const LINKED: Record<EntityTable, { entity: EntityTable; sql: string }[]> = {
  leads: [
    { entity: 'contacts', sql: 'SELECT c.id, c.name FROM lead_contacts x JOIN contacts c ON c.id = x.contact_id WHERE x.lead_id = ? ORDER BY x.is_main DESC, c.id' },
    { entity: 'companies', sql: 'SELECT c.id, c.name FROM lead_companies x JOIN companies c ON c.id = x.company_id WHERE x.lead_id = ? ORDER BY c.id' },
  ],
  contacts: [
    { entity: 'leads', sql: 'SELECT l.id, l.name FROM lead_contacts x JOIN leads l ON l.id = x.lead_id WHERE x.contact_id = ? ORDER BY l.id' },
    { entity: 'companies', sql: 'SELECT c.id, c.name FROM contact_companies x JOIN companies c ON c.id = x.company_id WHERE x.contact_id = ? ORDER BY c.id' },
  ],
  companies: [
    { entity: 'leads', sql: 'SELECT l.id, l.name FROM lead_companies x JOIN leads l ON l.id = x.lead_id WHERE x.company_id = ? ORDER BY l.id' },
    { entity: 'contacts', sql: 'SELECT c.id, c.name FROM contact_companies x JOIN contacts c ON c.id = x.contact_id WHERE x.company_id = ? ORDER BY c.id' },
  ],
};

/**
 * The entities linked to one: for a lead its contacts (main first) then companies; for a contact its
 * leads then companies; for a company its leads then contacts; each by id.
 */
export function linkedEntities(db: DbReader, entity: EntityTable, id: number): { entity: EntityTable; id: number; name: string | null }[] {
  const out: { entity: EntityTable; id: number; name: string | null }[] = [];
  for (const q of LINKED[entity]) for (const r of db.prepare(q.sql).all(id) as { id: number; name: string | null }[]) out.push({ entity: q.entity, id: r.id, name: r.name });
  return out;
}

/** {lead_id, is_main} of a contact's leads, by lead. */
export function leadsOfContact(db: DbReader, contactId: number): { lead_id: number; is_main: number }[] {
  return db.prepare('SELECT lead_id, is_main FROM lead_contacts WHERE contact_id = ? ORDER BY lead_id').all(contactId) as { lead_id: number; is_main: number }[];
}

/** Whether a contact is linked to a company. */
export function contactHasCompany(db: DbReader, contactId: number): boolean {
  return db.prepare('SELECT 1 FROM contact_companies WHERE contact_id = ?').get(contactId) !== undefined;
}

/** A contact's company (the lowest id), or undefined. */
export function firstCompanyOfContact(db: DbReader, contactId: number): { company_id: number } | undefined {
  return db.prepare('SELECT company_id FROM contact_companies WHERE contact_id = ? ORDER BY company_id LIMIT 1').get(contactId) as { company_id: number } | undefined;
}

/** {lead_id} of a company's leads, by lead. */
export function leadsOfCompany(db: DbReader, companyId: number): { lead_id: number }[] {
  return db.prepare('SELECT lead_id FROM lead_companies WHERE company_id = ? ORDER BY lead_id').all(companyId) as { lead_id: number }[];
}

/** {contact_id} of a company's contacts, by contact. */
export function contactsOfCompany(db: DbReader, companyId: number): { contact_id: number }[] {
  return db.prepare('SELECT contact_id FROM contact_companies WHERE company_id = ? ORDER BY contact_id').all(companyId) as { contact_id: number }[];
}
