import { z } from 'zod';
import { zhParams } from '../validation';

/** Roles that can be notified, from the village up (Shishi: 村(居)联络员 → 镇(街道)指导员 → 督导员). */
export const SUPERVISOR_ROLES = ['liaison', 'instructor', 'supervisor', 'bureau'] as const;
export type SupervisorRole = (typeof SUPERVISOR_ROLES)[number];

export const ROLE_NAMES_ZH: Record<SupervisorRole, string> = {
  liaison: '村(居)联络员',
  instructor: '镇(街道)指导员',
  supervisor: '督导员',
  bureau: '民政局',
};

export const levelSchema = z
  .object({
    role: z.enum(SUPERVISOR_ROLES),
    /** Hours after the due time at which this level is notified. */
    afterDueHours: z
      .number()
      .min(0, 'must not be negative')
      .max(24 * 60, 'at most 60 days'),
    /** Notify this level again every so many hours until the next level (or for good at the last). */
    repeatEveryHours: z
      .number()
      .min(1, 'at least 1 hour')
      .max(24 * 14, 'at most 14 days')
      .optional(),
  })
  .strict();

export const ladderSchema = z
  .array(levelSchema)
  .min(1, 'a ladder needs at least one level')
  .superRefine((levels, ctx) => {
    levels.forEach((level, i) => {
      const previous = levels[i - 1];
      if (previous && level.afterDueHours <= previous.afterDueHours) {
        ctx.addIssue({ code: 'custom', path: [i, 'afterDueHours'], message: `must be later than level ${i} (${previous.afterDueHours} h)`, ...zhParams('ladder_not_later', `须晚于第${i}级（逾期${previous.afterDueHours}小时）`) });
      }
    });
  });

/** How far up the chain a role sits (a follow-up's ladder starts above its owner). */
export const ROLE_RANK: Record<SupervisorRole, number> = { liaison: 1, instructor: 2, supervisor: 3, bureau: 4 };

/**
 * Who owns a follow-up (跟踪回访): 四川 000 — 乡镇（街道）要对风险隐患排查情况、急需困难缓解情况、
 * 转介服务落实情况进行跟踪回访. The township instructor; its ladder climbs from the level above.
 */
export const FOLLOW_UP_OWNER: SupervisorRole = 'instructor';

/**
 * A follow-up's ladder: chasing the township about its own follow-up starts at the county
 * (督导员) and climbs, never below or at the owner (a village liaison cannot chase the township).
 */
export const followUpLadderSchema = ladderSchema.superRefine((levels, ctx) => {
  levels.forEach((level, i) => {
    if (ROLE_RANK[level.role] <= ROLE_RANK[FOLLOW_UP_OWNER]) {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'role'],
        message: `a follow-up is owned by the township ${FOLLOW_UP_OWNER} (${ROLE_NAMES_ZH[FOLLOW_UP_OWNER]}): its ladder starts above it (supervisor or bureau), not at ${level.role}`,
        ...zhParams('follow_up_ladder_too_low', `跟踪回访由${ROLE_NAMES_ZH[FOLLOW_UP_OWNER]}负责，逾期催办须从更上一级（督导员或民政局）开始，不能是${ROLE_NAMES_ZH[level.role]}`),
      });
    }
    const previous = levels[i - 1];
    if (previous && ROLE_RANK[level.role] < ROLE_RANK[previous.role]) {
      ctx.addIssue({ code: 'custom', path: [i, 'role'], message: `must not climb down: level ${i} is ${previous.role}`, ...zhParams('ladder_climbs_down', `催办只能逐级向上：第${i}级已是${ROLE_NAMES_ZH[previous.role]}，下一级不能更低`) });
    }
  });
});

export type Level = z.infer<typeof levelSchema>;
export type Ladder = z.infer<typeof ladderSchema>;

/** Key elders (bedridden, living alone at 80…) escalate at once; others after a day. */
export const DEFAULT_LADDERS = {
  default: [
    { role: 'liaison', afterDueHours: 24 },
    { role: 'instructor', afterDueHours: 72 },
    { role: 'supervisor', afterDueHours: 168, repeatEveryHours: 72 },
  ],
  key: [
    { role: 'liaison', afterDueHours: 0 },
    { role: 'instructor', afterDueHours: 24 },
    { role: 'supervisor', afterDueHours: 72, repeatEveryHours: 24 },
  ],
} satisfies Record<string, Ladder>;

/** A follow-up overdue: the county supervisor at its deadline, the bureau two days later, then daily. */
export const DEFAULT_FOLLOW_UP_LADDER: Ladder = [
  { role: 'supervisor', afterDueHours: 0 },
  { role: 'bureau', afterDueHours: 48, repeatEveryHours: 24 },
];

export const escalationConfigSchema = z
  .object({
    /** Ladders by tier id; `default` serves every tier without its own. */
    ladders: z.record(z.string(), ladderSchema).refine((l) => 'default' in l, { message: 'needs a "default" ladder for tiers without their own' }),
    /** How long an acknowledgement holds escalation back. */
    acknowledgeHours: z
      .number()
      .min(1)
      .max(24 * 14),
    /** Deadline of a follow-up (跟踪回访) after an emergency or an unanswered need. */
    followUpHours: z
      .number()
      .min(1)
      .max(24 * 30),
    /** The ladder of follow-ups (跟踪回访): above their owner, the township instructor. */
    followUpLadder: followUpLadderSchema.default(DEFAULT_FOLLOW_UP_LADDER),
  })
  .strict();

export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

/** For a config that names no ladders: every tier on the default ladder. */
export const DEFAULT_ESCALATION: EscalationConfig = { ladders: { default: DEFAULT_LADDERS.default }, acknowledgeHours: 24, followUpHours: 72, followUpLadder: DEFAULT_FOLLOW_UP_LADDER };

export function ladderFor(config: EscalationConfig, tier: string): Ladder {
  return config.ladders[tier] ?? config.ladders.default!;
}

/** The ladder a task climbs: a follow-up's own (above its owner), else its tier's. */
export function ladderForTask(config: EscalationConfig, task: { kind: string; tier: string }): Ladder {
  return task.kind === 'follow_up' ? config.followUpLadder : ladderFor(config, task.tier);
}
