// runtime: node
/**
 * The parts of operation payloads (an operation's params, stored in the plan) that several kinds
 * share, as zod schemas. Each operation module owns the schema of its own params (`params`); the
 * plan checks every operation against it before it is stored (plan/store.ts addOperations).
 */
import { z } from 'zod';
import { OPERATION_KINDS } from '../../../../../shared/plan/operations';
import type { FieldValue, FieldValuesParams, OpRef } from '../../../plan/types';

export const id = z.number().int();
export const crmEntity = z.enum(['leads', 'contacts', 'companies']);
export const opEntity = z.enum(['leads', 'contacts', 'companies', 'tasks', 'custom_fields', 'roles', 'statuses']);
export const cardEntity = z.enum(['contacts', 'companies']);
export const fieldValue: z.ZodType<FieldValue> = z.object({
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  enum_id: id.optional(),
  enum_code: z.string().optional(),
});
export const opRef: z.ZodType<OpRef> = z.object({ kind: z.enum(OPERATION_KINDS), entityType: opEntity, entityId: id });
/** the phone and e-mail fields a kind rewrites */
export const contactFieldRefs = z.array(z.object({ id, kind: z.enum(['phone', 'email']) }));
/** every value of a field per entity, saved before it is deleted */
export const savedValues = z.array(z.object({ entityId: id, values: z.array(fieldValue) }));
export const record = z.record(z.string(), z.unknown());
/** normalize.phones, split.stuffed: the phone and e-mail fields whose values a kind rewrites on one card */
export const fieldValuesParams: z.ZodType<FieldValuesParams> = z.object({ fields: contactFieldRefs });
