import { describe, expect, it } from 'vitest';
import { canCloseReferral, canManageDevices, canRecordFollowUp, canWorkNeeds } from '../../../../shared/domain/access/care';
import type { Principal } from '../../../../shared/domain/access/access';
import { moveMeasure, newMeasure } from '../../../../shared/domain/care/measure';
import { signatureHeaderProblem } from '../../../../shared/domain/devices/signature';
import { hasChinese, problemZh, ruleZh } from '../../../../shared/domain/messages/localize';

const VILLAGE = '510108001001';
const at = '2026-11-20T10:00:00+08:00';
const person = (personId: string, roles: Principal['roles'], areaCode = VILLAGE): Principal => ({ personId, roles, areaCode, active: true });
/** What the API answers a refusal of `personId reason` with (ForbiddenError's detail). */
const forbidden = (p: Principal, reason: string | undefined) => problemZh(403, `${p.personId} ${reason ?? ''}`, []);

describe('Refusals of the care loop in Chinese, as the code words them', () => {
  it('says who may work an elder’s needs, close a referral, record a follow-up and register devices', () => {
    const visitor = person('vis-9', ['visitor']);
    expect(forbidden(visitor, (canWorkNeeds(visitor, VILLAGE, ['vis-1']) as { reason: string }).reason)).toEqual({ code: 'not_own_elder', message: `没有权限：只能处理自己探访的老人或所督导区域老人的需求（不含村（社区）${VILLAGE}）` });
    const liaison = person('lia-1', ['liaison']);
    expect(forbidden(liaison, (canCloseReferral(liaison, VILLAGE) as { reason: string }).reason)).toEqual({ code: 'not_follow_up_role', message: '没有权限：转介由镇（街道）指导员或以上人员跟踪回访' });
    expect(forbidden(liaison, (canRecordFollowUp(liaison, { kind: 'follow_up', visitorId: 'ins-1', villageCode: VILLAGE }) as { reason: string }).reason)).toEqual({
      code: 'follow_up_of_other',
      message: '没有权限：该跟踪回访由ins-1负责，您不能代为登记',
    });
    expect(forbidden(liaison, (canRecordFollowUp(liaison, { kind: 'routine', visitorId: 'vis-1', villageCode: VILLAGE }) as { reason: string }).reason).code).toBe('not_follow_up');
    const instructor = person('ins-1', ['instructor'], '510108001');
    expect(forbidden(instructor, (canManageDevices(instructor, VILLAGE) as { reason: string }).reason)).toEqual({ code: 'not_device_manager', message: '没有权限：只有老人所在村（居）联络员或管理员可以登记智能设备' });
  });

  it('names a measure’s states in Chinese when a move is refused', () => {
    const done = newMeasure('m1', '助浴', 'done', { by: 'vis-1', at });
    const refused = moveMeasure(done, 'planned', { by: 'vis-1', at });
    expect(refused.ok).toBe(false);
    const message = (refused as { error: Error }).error.message;
    expect(problemZh(409, message, [])).toEqual({ code: 'measure_transition', message: '与已有记录冲突：措施当前为“已完成”，不能改为“计划”' });
  });

  it('tells a device platform what is wrong with its signing headers, and an operator reads it in Chinese', () => {
    const nowMs = Date.parse(at);
    const late = signatureHeaderProblem({ platform: 'p1', timestamp: String(Math.floor(nowMs / 1000) - 600), signature: `v1=${'a'.repeat(64)}` }, nowMs, 300)!;
    expect(ruleZh(late)).toEqual({ code: 'signature_late', message: '请求时间与服务器相差600秒（最多300秒）：迟到或重放的请求不予受理' });
    for (const headers of [{}, { platform: 'p1' }, { platform: 'p1', timestamp: '1763604000' }]) expect(ruleZh(signatureHeaderProblem(headers, nowMs, 300)!)?.code).toBe('bad_signature_header');
  });

  it('keeps the English rule for logs and gives every such text a code and Chinese, not the status alone', () => {
    for (const detail of [
      'no device gas-404',
      'elder E1 has no need v1.n1',
      'no elder E1',
      'the entry of elder E1 is closed (deceased since 2026-10-01): there is nothing to review',
      'the follow-up is completed: there is no outcome to record',
    ]) {
      const zh = ruleZh(detail);
      expect(zh?.code, detail).toBeDefined();
      expect(hasChinese(zh?.message), detail).toBe(true);
    }
    expect(ruleZh('the follow-up is cancelled (elder deceased): there is no outcome to record')?.message).toBe('该跟踪回访已取消，无需登记结果');
  });
});
