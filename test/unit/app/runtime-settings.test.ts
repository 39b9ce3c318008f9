import { describe, expect, it } from 'vitest';
import { changeSetting, readSettings } from '../../../shared/app/runtime-settings';
import { loadRegion } from '../../../shared/config/load';
import { ValidationError } from '../../../shared/domain/validation';
import type { SettingsStore } from '../../../shared/ports';

const sichuan = loadRegion('sichuan');

/** A store in memory that counts its writes. */
function memoryStore(text?: string): SettingsStore & { text: string | undefined; writes: number } {
  return {
    text,
    writes: 0,
    async read() {
      return this.text;
    },
    async write(next: string) {
      this.text = next;
      this.writes++;
    },
  };
}

describe('Use case: changeSetting', () => {
  it('writes a valid setting beside the ones already stored', async () => {
    const store = memoryStore('{"sms.monthlyBudgetSegments":12000}');
    await changeSetting(sichuan, store, 'escalation.followUpHours', 48);
    expect(JSON.parse(store.text!)).toEqual({ 'sms.monthlyBudgetSegments': 12000, 'escalation.followUpHours': 48 });
    expect((await readSettings(sichuan, store)).runtime.config.escalation.followUpHours).toBe(48);
  });

  it('refuses a value that breaks its rule before writing anything, naming the field and the rule', async () => {
    const store = memoryStore('{"sms.monthlyBudgetSegments":12000}');
    const refused = changeSetting(sichuan, store, 'sms.monthlyBudgetSegments', 0);
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toMatchObject({ issues: [expect.objectContaining({ field: 'sms.monthlyBudgetSegments' })] });
    expect(store.writes).toBe(0);
    expect(store.text).toBe('{"sms.monthlyBudgetSegments":12000}');
  });

  it('refuses a key that is not a setting, and an unset of one', async () => {
    const store = memoryStore();
    await expect(changeSetting(sichuan, store, 'policy', 'national')).rejects.toThrow(/not a runtime setting/);
    await expect(changeSetting(sichuan, store, 'policy', undefined)).rejects.toThrow(/not a runtime setting/);
    expect(store.writes).toBe(0);
  });

  it('removes a setting on unset, so the config value is back in force', async () => {
    const store = memoryStore('{"sms.monthlyBudgetSegments":12000,"escalation.followUpHours":48}');
    await changeSetting(sichuan, store, 'sms.monthlyBudgetSegments', undefined);
    expect(JSON.parse(store.text!)).toEqual({ 'escalation.followUpHours': 48 });
  });

  it('drops stored values that were already invalid, and says so', async () => {
    const store = memoryStore('{"sms.quietHours":"always","escalation.followUpHours":48}');
    const change = await changeSetting(sichuan, store, 'sms.monthlyBudgetSegments', 9000);
    expect(change.dropped).toEqual([expect.objectContaining({ field: 'sms.quietHours' })]);
    expect(JSON.parse(store.text!)).toEqual({ 'sms.monthlyBudgetSegments': 9000, 'escalation.followUpHours': 48 });
  });

  it('refuses a document bigger than a standard SSM parameter holds (4 KB), writing nothing', async () => {
    const store = memoryStore();
    const days = Array.from({ length: 120 }, (_, i) => ({ date: `2027-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`, kind: 'statutory_holiday', name: '一个很长的节日名称用来撑大文档' }));
    await expect(changeSetting(sichuan, store, 'calendar.statutoryDays', days)).rejects.toThrow(/more than the 4096 a standard SSM parameter holds/);
    expect(store.writes).toBe(0);
  });
});
