import { servedCounties } from '../config/region-config';
import type { RegionConfig } from '../config/region-config';
import { registrationToRow } from '../domain/ledger/columns';
import type { ElderRegistration } from '../domain/elder/registration';
import type { ElderRepository } from '../ports';

/**
 * The current ledger as rows in the import format, county by county and village by village
 * (a Query per county on the byCounty index, then each elder's form by key: no Scan).
 */
export async function exportLedger(deps: { elders: Pick<ElderRepository, 'inArea' | 'get'>; config: RegionConfig }): Promise<string[][]> {
  const rows: string[][] = [];
  for (const county of servedCounties(deps.config)) {
    const ids: string[] = [];
    for await (const elder of deps.elders.inArea({ county })) ids.push(elder.elderId);
    const forms = await Promise.all(ids.map(async (id) => (await deps.elders.get(id))?.registration));
    for (const form of forms) if (form) rows.push(registrationToRow(form as ElderRegistration));
  }
  return rows;
}
