import { servedCounties } from '../config/region-config';
import type { RegionRuntime } from '../config/region-config';
import { forEachLimit } from './concurrency';
import { healElder } from './settle-elder';
import type { SettleDeps } from './settle-elder';

export interface LedgerCheckReport {
  /** Registrations read (every form of every served county). */
  checked: number;
  /** Forms with no projection: the elder was in no daily job's index. */
  missingProjection: number;
  /** Projections holding an older version than their form. */
  staleProjection: number;
  /** Versions whose follow-up steps (cancelling or moving open tasks) never finished. */
  unsettled: number;
  /** Of these, how many were repaired (0 on a dry run). */
  repaired: number;
  /** Elder ids found out of step (the first 100), for the office's records. */
  examples: string[];
}

/**
 * `tanfang ledger check`: walks every registration of the deployment, county by county (a
 * Query on `registrations.byCounty` and a batch read of the projections, no Scan), finds
 * projections missing or behind their form and versions whose follow-up steps did not finish,
 * and repairs each through the same healing a rerun uses (unless `dryRun`).
 */
export async function checkLedger(deps: SettleDeps & { runtime: RegionRuntime; concurrency?: number }, options: { dryRun?: boolean } = {}): Promise<LedgerCheckReport> {
  const report: LedgerCheckReport = { checked: 0, missingProjection: 0, staleProjection: 0, unsettled: 0, repaired: 0, examples: [] };
  for (const county of servedCounties(deps.runtime.config)) {
    await forEachLimit(deps.elders.ledgerStates(county), deps.concurrency ?? 16, async (state) => {
      report.checked++;
      const missing = state.projectedVersion === undefined;
      const stale = !missing && state.projectedVersion! < state.version;
      const unsettled = !missing && !stale && (state.settledVersion ?? 0) < state.version;
      if (!missing && !stale && !unsettled) return;
      if (missing) report.missingProjection++;
      if (stale) report.staleProjection++;
      if (unsettled) report.unsettled++;
      if (report.examples.length < 100) report.examples.push(state.elderId);
      if (!options.dryRun && (await healElder(deps, state.elderId)) === 'repaired') report.repaired++;
    });
  }
  report.examples.sort();
  return report;
}
