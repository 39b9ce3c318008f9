import { servedCounties } from '../config/region-config';
import type { RegionConfig } from '../config/region-config';
import { registrationToRow } from '../domain/ledger/columns';
import type { ElderRegistration } from '../domain/elder/registration';
import type { AuditLog, ElderRepository } from '../ports';
import type { Instant } from '../domain/time/instant';

/**
 * The current ledger as rows in the import format, county by county and village by village
 * (a Query per county on the byCounty index, then each elder's form by key: no Scan).
 */
export async function exportLedger(deps: {
  elders: Pick<ElderRepository, 'inArea' | 'get'>;
  config: RegionConfig;
  /** Each exported elder is a full read: recorded with who exported and why. */
  audit?: { log: AuditLog; personId: string; purpose: string; at: Instant; requestId: string };
}): Promise<string[][]> {
  const rows: string[][] = [];
  for (const county of servedCounties(deps.config)) {
    const ids: string[] = [];
    for await (const elder of deps.elders.inArea({ county })) ids.push(elder.elderId);
    const forms = await Promise.all(ids.map(async (id) => (await deps.elders.get(id))?.registration));
    for (const form of forms) {
      if (!form) continue;
      rows.push(registrationToRow(form as ElderRegistration));
      const a = deps.audit;
      if (a) await a.log.record({ elderId: form.id, at: a.at, personId: a.personId, roles: [], action: 'export', purpose: a.purpose, requestId: a.requestId });
    }
  }
  return rows;
}
