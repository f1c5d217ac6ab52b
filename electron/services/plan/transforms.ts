// runtime: node
/**
 * Pure value transforms shared by the plan (preview against the snapshot) and the push
 * (applied to the entity as the server returns it right before the write, so that two
 * operations on one entity compose instead of overwriting each other).
 */
import { analyzeEmailValue } from '../../../shared/normalize/email';
import { analyzePhoneValue, formatPhone } from '../../../shared/normalize/phone';
import type { FieldValue } from './types';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);

/** The values of one custom field of an API entity, in the write form; [] when the field is empty. */
export function fieldValues(entity: Obj, fieldId: number): FieldValue[] {
  const fields = Array.isArray(entity.custom_fields_values) ? (entity.custom_fields_values as unknown[]) : [];
  for (const f of fields) {
    const field = obj(f);
    if (!field || Number(field.field_id) !== fieldId) continue;
    const values = Array.isArray(field.values) ? (field.values as unknown[]) : [];
    return values.map((v) => toWriteValue(obj(v) ?? {}));
  }
  return [];
}

export function toWriteValue(v: Obj): FieldValue {
  const raw = v.value;
  const value = typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean' ? raw : raw === null || raw === undefined ? null : JSON.stringify(raw);
  const out: FieldValue = { value };
  if (typeof v.enum_code === 'string' && v.enum_code !== '') out.enum_code = v.enum_code;
  else if (typeof v.enum_id === 'number') out.enum_id = v.enum_id;
  return out;
}

/** Same values in the same order (value text and enum). */
export function sameValues(a: readonly FieldValue[], b: readonly FieldValue[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => {
    const y = b[i];
    if (!y || String(x.value ?? '') !== String(y.value ?? '')) return false;
    if (x.enum_code !== undefined && y.enum_code !== undefined) return x.enum_code === y.enum_code;
    if (x.enum_id !== undefined && y.enum_id !== undefined) return x.enum_id === y.enum_id;
    return true;
  });
}

/** Each phone value holding exactly one valid number is rewritten as +7 XXX XXX-XX-XX; its enum is kept. */
export function normalizePhoneValues(values: readonly FieldValue[]): FieldValue[] {
  return values.map((v) => {
    if (typeof v.value !== 'string') return v;
    const a = analyzePhoneValue(v.value);
    const only = a.numbers[0];
    if (a.numbers.length !== 1 || a.invalidParts.length > 0 || !only) return v;
    return { ...v, value: formatPhone(only.e164, only.ext) };
  });
}

/**
 * A value holding several numbers (addresses) becomes one value per number, each with the
 * original value's enum. Parts that hold no valid number stay as they were, in their own value.
 */
export function splitStuffedValues(values: readonly FieldValue[], kind: 'phone' | 'email'): FieldValue[] {
  const out: FieldValue[] = [];
  for (const v of values) {
    if (typeof v.value !== 'string') {
      out.push(v);
      continue;
    }
    const { value: _value, ...enumPart } = v;
    if (kind === 'phone') {
      const a = analyzePhoneValue(v.value);
      if (a.numbers.length < 2) {
        out.push(v);
        continue;
      }
      for (const n of a.numbers) out.push({ ...enumPart, value: formatPhone(n.e164, n.ext) });
      for (const part of a.invalidParts) out.push({ ...enumPart, value: part });
    } else {
      const a = analyzeEmailValue(v.value);
      if (a.addresses.length < 2) {
        out.push(v);
        continue;
      }
      for (const address of a.addresses) out.push({ ...enumPart, value: address });
      for (const part of a.invalidParts) out.push({ ...enumPart, value: part });
    }
  }
  return out;
}
