import { describe, expect, it } from 'vitest';
import { CATALOGUE, invitingVersionOf, templateById, urgentUndeliveredDigest } from '../../../../shared/domain/sms/catalogue';
import { templateIdFor } from '../../../../shared/config/sms-config';
import { PROVIDER_RULES, providerIssues } from '../../../../shared/domain/sms/provider-rules';
import { sampleOf } from '../../../../shared/domain/sms/render';

const inviting = CATALOGUE.filter((t) => t.invites);

describe('Templates inviting a reply 1', () => {
  it('exist for the escalation digest and every family notice, as new templates next to the old ones', () => {
    expect(inviting.map((t) => t.id).sort()).toEqual(['escalation_digest_reply', 'festival_family_reply', ...['wind', 'rain', 'cold', 'heat', 'air', 'storm'].map((g) => `weather_family_${g}_reply`)].sort());
    for (const t of inviting) {
      const old = templateById(t.invites!.replaces)!;
      expect(old).toBeDefined();
      expect(invitingVersionOf(old.id)).toBe(t);
      // The same message, the same variables and kind: only the invitation is added at the end.
      expect(t.text.startsWith(old.text)).toBe(true);
      expect(t.variables).toEqual(old.variables);
      expect([t.kind, t.audience]).toEqual([old.kind, old.audience]);
    }
  });

  it('say what the reply does: a supervisor confirms the digest, a family member says they have contacted the elder', () => {
    expect(templateById('escalation_digest_reply')!.text).toMatch(/回复1即确认已知悉。$/);
    for (const t of inviting.filter((x) => x.invites!.meaning === 'family')) expect(t.text).toMatch(/已联系老人请回复1。$/);
    expect(sampleOf(templateById('weather_family_heat_reply')!, '【成华民政】').text).toBe('【成华民政】高温橙色预警（至22日10时）：请及时给家中老人打电话问候，提醒老人避免午后外出，多喝水，开空调或风扇防中暑。已联系老人请回复1。');
  });

  it.each(inviting.map((t) => [t.id, t] as const))('files %s with Aliyun and Tencent Cloud as it stands', (_, t) => {
    expect(providerIssues(t, PROVIDER_RULES.aliyun, '【成华民政】')).toEqual([]);
    expect(providerIssues(t, PROVIDER_RULES.tencent, '【成华民政】')).toEqual([]);
  });

  it('are sent only where the region has switched their meaning on', () => {
    expect(templateIdFor({ inviteReplies: [] }, 'escalation_digest')).toBe('escalation_digest');
    expect(templateIdFor({ inviteReplies: ['family'] }, 'escalation_digest')).toBe('escalation_digest');
    expect(templateIdFor({ inviteReplies: ['escalation'] }, 'escalation_digest')).toBe('escalation_digest_reply');
    expect(templateIdFor({ inviteReplies: ['family'] }, 'weather_family_cold')).toBe('weather_family_cold_reply');
    expect(templateIdFor({ inviteReplies: ['escalation', 'family'] }, 'emergency_family')).toBe('emergency_family');
  });
});

describe('Template: several families of a township not reached', () => {
  it('tells the instructor the count and where the list is, never names or numbers', () => {
    expect(sampleOf(urgentUndeliveredDigest, '【成华民政】').text).toBe('【成华民政】送达提醒：发给您辖区3位老人家属的紧急短信未能送达，请登录探访系统查看名单，尽快电话或上门联系其家属和老人。');
    expect(urgentUndeliveredDigest.variables.map((v) => v.type)).toEqual(['count']);
  });
});
