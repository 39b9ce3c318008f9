import pMap from 'p-map';
import { servedCounties } from '../config/region-config';
import type { RegionConfig } from '../config/region-config';
import { registrationToRow } from '../domain/ledger/columns';
import type { ElderRegistration } from '../domain/elder/registration';
import type { AuditLog, ElderRepository } from '../ports';
import type { Instant } from '../domain/time/instant';

/** Elder reads in flight during an export: enough to keep DynamoDB busy, few enough for the Lambda's sockets (50 by default) and memory. */
export const EXPORT_READS_IN_FLIGHT = 16;

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
    // A county holds thousands: a bounded number of reads in flight, not one per elder at once.
    const forms = await pMap(ids, async (id) => (await deps.elders.get(id))?.registration, { concurrency: EXPORT_READS_IN_FLIGHT });
    for (const form of forms) {
      if (!form) continue;
      rows.push(registrationToRow(form as ElderRegistration));
      const a = deps.audit;
      if (a) await a.log.record({ elderId: form.id, at: a.at, personId: a.personId, roles: [], action: 'export', purpose: a.purpose, requestId: a.requestId });
    }
  }
  return rows;
}
