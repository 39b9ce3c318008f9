import { describe, expect, it } from 'vitest';
import { EXPORT_READS_IN_FLIGHT, exportLedger } from '../../../shared/app/export-ledger';
import { loadRegion } from '../../../shared/config/load';

describe('Use case: exportLedger', () => {
  it(`reads at most ${EXPORT_READS_IN_FLIGHT} elders at once however many a county holds`, async () => {
    const { config } = loadRegion('sichuan');
    let inFlight = 0;
    let most = 0;
    const elders = {
      async *inArea() {
        for (let i = 0; i < 500; i++) yield { elderId: `E${i}` };
      },
      async get() {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return undefined;
      },
    };
    await exportLedger({ elders: elders as never, config });
    expect(most).toBe(EXPORT_READS_IN_FLIGHT);
  });
});
