import { openSnapshotDb } from './electron/services/db/open';
const db = openSnapshotDb('/tmp/ref-1.amosweep', { mode: 'readonly' });
const q7 = db.prepare('SELECT entity_id, field_id, field_code, field_type, enum_id, enum_code, value FROM field_values WHERE entity_type = ?').raw();
const q4 = db.prepare('SELECT entity_id, field_id, enum_code, value FROM field_values WHERE entity_type = ?').raw();
for (let k = 0; k < 2; k++) {
  let t = performance.now(); let n = 0;
  for (const ty of ['leads', 'contacts', 'companies']) for (const _r of q7.iterate(ty)) n++;
  console.log('iterate7', n, Math.round(performance.now() - t));
  t = performance.now(); n = 0;
  for (const ty of ['leads', 'contacts', 'companies']) n += q7.all(ty).length;
  console.log('all7', n, Math.round(performance.now() - t));
  t = performance.now(); n = 0;
  for (const ty of ['leads', 'contacts', 'companies']) n += q4.all(ty).length;
  console.log('all4', n, Math.round(performance.now() - t));
  t = performance.now(); n = 0;
  for (const ty of ['leads', 'contacts', 'companies']) for (const _r of q4.iterate(ty)) n++;
  console.log('iterate4', n, Math.round(performance.now() - t));
}
