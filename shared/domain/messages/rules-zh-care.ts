import { MEASURE_STATE_NAMES_ZH } from '../care/measure';
import type { MeasureState } from '../care/measure';
import type { Entry } from './rules-zh';

const measureState = (state: string | undefined) => MEASURE_STATE_NAMES_ZH[state as MeasureState] ?? state ?? '';
const FOLLOW_UP_STATE_ZH: Record<string, string> = { open: '待分配', assigned: '已分配', completed: '已完成', cancelled: '已取消', missed: '已逾期' };

/**
 * The rules of the care loop (needs, measures, follow-ups, smart devices) and of who is served
 * (consent, the ledger review) whose text is shared — a schema's message or a refusal's reason
 * read by several paths — in Chinese with their codes. Rules made in one place carry their own.
 */
export const CARE_RULES_ZH: readonly Entry[] = [
  // Field rules of the care routes and forms, said better than zod's kind of issue.
  [/^must be <visitId>\.<needId>$/, 'bad_need_key', '需求编号格式应为“探访编号.需求编号”'],
  [/^must be m1, m2…$/, 'bad_measure_id', '措施编号格式应为 m1、m2…'],
  [/^say what was found \(回访情况\)$/, 'note_required', '请填写回访情况'],
  [/^name at least one kind of alarm the device reports$/, 'kinds_required', '至少填写一种该设备上报的报警类型'],
  [/^name at least one method that is not a home visit$/, 'refused_methods_required', '至少填写一种入户以外的探访方式'],
  [/^list at least one condition$/, 'conditions_required', '至少填写一个条件'],
  // Who works needs, follow-ups and devices (access/care.ts), after the person id; a follow-up's owner first, since its reason ends with another's.
  [/the follow-up belongs to (\S+); /, 'follow_up_of_other', (m) => `该跟踪回访由${m[1] === 'the township' ? '乡镇（街道）' : m[1]}负责，您不能代为登记`],
  [/may work the needs of their own elders, or of elders in the area they supervise \(not village (\d+)\)$/, 'not_own_elder', (m) => `只能处理自己探访的老人或所督导区域老人的需求（不含村（社区）${m[1]}）`],
  [/a referral is followed up by the township \(镇\(街道\)指导员\) or above$/, 'not_follow_up_role', '转介由镇（街道）指导员或以上人员跟踪回访'],
  [/is not a follow-up \(跟踪回访\): record a visit with POST \/visits$/, 'not_follow_up', '这不是跟踪回访任务：请填写探访记录'],
  [/only the elder's village liaison \(村\(居\)联络员\) or an administrator registers smart devices$/, 'not_device_manager', '只有老人所在村（居）联络员或管理员可以登记智能设备'],
  // Smart devices and their alarms.
  [/^platform (\S+) is not a device platform of this region$/, 'platform_unknown', (m) => `${m[1]}不是本地区配置的设备平台`],
  [/^device (\S+) is reported by another platform, not (\S+)$/, 'device_of_other_platform', (m) => `设备${m[1]}由其他平台上报，不属于平台${m[2]}`],
  [/^platform (\S+) serves area (\d+), which does not include the elder's village (\d+)$/, 'platform_outside_area', (m) => `设备平台${m[1]}的服务区域${m[2]}不包含老人所在村（社区）${m[3]}`],
  [/^no device (\S+)$/, 'device_unknown', (m) => `没有设备${m[1]}`],
  [/^x-tanfang-\w+ must (?:name|be) /, 'bad_signature_header', '签名请求头缺失或格式不对'],
  [/^x-tanfang-timestamp is (\d+) s from our clock \(at most (\d+) s\)/, 'signature_late', (m) => `请求时间与服务器相差${m[1]}秒（最多${m[2]}秒）：迟到或重放的请求不予受理`],
  [/^the signature does not match the platform, timestamp and body$/, 'bad_signature', '签名与平台、时间戳和请求内容不符'],
  [/^this signed request was already taken \(a replay\)/, 'replayed', '该签名请求已受理过（重放）：每次请求（含重试）须用新的时间戳重新签名'],
  [/^send the alarm as application\/json$/, 'unsupported_media_type', '报警请以 application/json 格式发送'],
  [/^the body is not JSON/, 'not_json', '请求内容不是有效的 JSON'],
  [/^POST an alarm to /, 'method_not_allowed', '报警请用 POST 发送'],
  // Needs, measures, follow-ups.
  [/^elder (\S+) has no need (\S+)$/, 'unknown_need', (m) => `老人${m[1]}没有需求${m[2]}`],
  [/^a need carries at most (\d+) measures$/, 'too_many_measures', (m) => `一项需求最多${m[1]}条措施`],
  [/^need (\S+) has no measure (\S+)$/, 'unknown_measure', (m) => `需求${m[1]}没有措施${m[2]}`],
  [/^cannot move a measure that is (\w+) to (\w+): /, 'measure_transition', (m) => `措施当前为“${measureState(m[1])}”，不能改为“${measureState(m[2])}”`],
  [/^this follow-up's outcome was already recorded by (\S+) at (\S+) \((\w+)\)$/, 'outcome_recorded', (m) => `该跟踪回访结果已由${m[1]}于${m[2]}登记（${m[3] === 'resolved' ? '已解决' : '未解决'}）`],
  [/^the follow-up is (\w+)(?: \(.+\))?: there is no outcome to record$/, 'follow_up_closed', (m) => `该跟踪回访${FOLLOW_UP_STATE_ZH[m[1]!] ?? `状态为${m[1]}`}，无需登记结果`],
  // The ledger review.
  [/^no elder (\S+)$/, 'unknown_elder', (m) => `没有老人${m[1]}`],
  [/^elder (\S+) could not be saved: /, 'save_failed', (m) => `老人${m[1]}的台账未能保存，请重试`],
  [/^the entry of elder (\S+) is closed \((\w+) since ([\d-]+)\): there is nothing to review$/, 'entry_closed', (m) => `老人${m[1]}的台账已于${m[3]}关闭（${m[2] === 'deceased' ? '已去世' : m[2] === 'moved' ? '已迁出' : m[2]}），无需复核`],
];
