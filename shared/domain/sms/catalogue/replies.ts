import type { ReplyMeaning } from '../message';
import type { SmsTemplate } from '../template';
import { HAZARD_GROUPS, SPECIAL_TEMPLATES, festivalFamily, weatherFamilyId } from './special';
import type { HazardGroup } from './special';
import { escalationDigest } from './tasks';

/**
 * Versions of the reply-able messages whose text invites the reply `1`: a supervisor's `1`
 * acknowledges the tasks the digest counted; a family member's `1` records that they have
 * contacted the elder (家属已联系, never a visit). They are new templates an office files, so a
 * region keeps sending the old ones until the new codes are approved (`sms.inviteReplies`).
 * The invitation is fixed text at the end: reviewers see what the reply does.
 */
function inviting(base: SmsTemplate, meaning: ReplyMeaning, invitation: string, purpose: string): SmsTemplate {
  return {
    ...base,
    id: `${base.id}_reply`,
    name: `${base.name}（可回复）`,
    purpose: `${base.purpose}；${purpose}`,
    text: `${base.text}${invitation}`,
    invites: { meaning, replaces: base.id },
  };
}

const FAMILY_INVITATION = '已联系老人请回复1。';
const FAMILY_PURPOSE = '家属回复1表示已联系老人，系统记为“家属已确认联系”，不作为探访记录';

export const escalationDigestReply = inviting(escalationDigest, 'escalation', '回复1即确认已知悉。', '负责人回复1即确认已知悉本条提醒的逾期任务，系统记录确认人并暂停催办');

const GROUPS = Object.keys(HAZARD_GROUPS) as HazardGroup[];
const familyNoticeOf = (group: HazardGroup) => SPECIAL_TEMPLATES.find((t) => t.id === weatherFamilyId(group))!;

export const REPLY_TEMPLATES: readonly SmsTemplate[] = [
  escalationDigestReply,
  ...GROUPS.map((g) => inviting(familyNoticeOf(g), 'family', FAMILY_INVITATION, FAMILY_PURPOSE)),
  inviting(festivalFamily, 'family', FAMILY_INVITATION, FAMILY_PURPOSE),
];
