import { describe, expect, it, vi } from 'vitest';
import middy from '@middy/core';
import { loadRegion } from '../../../shared/config/load';
import type { SettingsStore } from '../../../shared/ports';
import { logger } from '../../../functions/shared/observability';
import { LiveRuntime, withSettings } from '../../../functions/shared/settings';

const sichuan = loadRegion('sichuan');

/** A handler that reports the quiet hours and budget it ran with, through the live runtime. */
function handlerOver(runtime: LiveRuntime) {
  return middy(async () => ({ quietHours: runtime.config.sms.quietHours, budget: runtime.config.sms.monthlyBudgetSegments })).use(withSettings(runtime));
}

const store = (read: () => Promise<string | undefined>): SettingsStore => ({ read, write: async () => undefined });

describe('Functions on the runtime settings', () => {
  it('run each invocation on the settings as they stand, without a cold start', async () => {
    let text = '{"sms.monthlyBudgetSegments":12000}';
    const handler = handlerOver(
      new LiveRuntime(
        () => sichuan,
        () => store(async () => text),
      ),
    );
    expect(await handler({}, {} as never)).toMatchObject({ budget: 12000 });
    text = '{"sms.monthlyBudgetSegments":9000,"sms.quietHours":{"start":"20:00","end":"08:30"}}';
    expect(await handler({}, {} as never)).toEqual({ budget: 9000, quietHours: { start: '20:00', end: '08:30' } });
  });

  it('log a bad stored value and run on the config value instead', async () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const handler = handlerOver(
      new LiveRuntime(
        () => sichuan,
        () => store(async () => '{"sms.quietHours":{"start":"9pm","end":"08:00"}}'),
      ),
    );
    expect(await handler({}, {} as never)).toMatchObject({ quietHours: sichuan.config.sms.quietHours });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/runtime settings refused/), expect.objectContaining({ refused: [expect.objectContaining({ field: 'sms.quietHours.start' })] }));
    error.mockRestore();
  });

  it('keep the last settings read when SSM cannot be reached, and the config at a cold start', async () => {
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    let fail = false;
    const handler = handlerOver(
      new LiveRuntime(
        () => sichuan,
        () =>
          store(async () => {
            if (fail) throw new Error('Rate exceeded');
            return '{"sms.monthlyBudgetSegments":7000}';
          }),
      ),
    );
    expect(await handler({}, {} as never)).toMatchObject({ budget: 7000 });
    fail = true;
    expect(await handler({}, {} as never)).toMatchObject({ budget: 7000 });
    const cold = handlerOver(
      new LiveRuntime(
        () => sichuan,
        () => store(async () => Promise.reject(new Error('no route'))),
      ),
    );
    expect(await cold({}, {} as never)).toMatchObject({ budget: sichuan.config.sms.monthlyBudgetSegments });
    expect(error).toHaveBeenCalledWith(expect.stringMatching(/settings unreadable/), expect.anything());
    error.mockRestore();
  });

  it('run on the bundled config alone where no parameter is named (tests, the local runner)', async () => {
    const handler = handlerOver(
      new LiveRuntime(
        () => sichuan,
        () => undefined,
      ),
    );
    expect(await handler({}, {} as never)).toEqual({ quietHours: sichuan.config.sms.quietHours, budget: sichuan.config.sms.monthlyBudgetSegments });
  });
});
