import { z } from 'zod';

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
    afterDueHours: z.number().min(0, 'must not be negative').max(24 * 60, 'at most 60 days'),
    /** Notify this level again every so many hours until the next level (or for good at the last). */
    repeatEveryHours: z.number().min(1, 'at least 1 hour').max(24 * 14, 'at most 14 days').optional(),
  })
  .strict();

export const ladderSchema = z
  .array(levelSchema)
  .min(1, 'a ladder needs at least one level')
  .superRefine((levels, ctx) => {
    levels.forEach((level, i) => {
      const previous = levels[i - 1];
      if (previous && level.afterDueHours <= previous.afterDueHours) {
        ctx.addIssue({ code: 'custom', path: [i, 'afterDueHours'], message: `must be later than level ${i} (${previous.afterDueHours} h)` });
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

export const escalationConfigSchema = z
  .object({
    /** Ladders by tier id; `default` serves every tier without its own. */
    ladders: z.record(z.string(), ladderSchema).refine((l) => 'default' in l, { message: 'needs a "default" ladder for tiers without their own' }),
    /** How long an acknowledgement holds escalation back. */
    acknowledgeHours: z.number().min(1).max(24 * 14),
    /** Deadline of a follow-up (跟踪回访) after an emergency or an unanswered need. */
    followUpHours: z.number().min(1).max(24 * 30),
  })
  .strict();

export type EscalationConfig = z.infer<typeof escalationConfigSchema>;

/** For a config that names no ladders: every tier on the default ladder. */
export const DEFAULT_ESCALATION: EscalationConfig = { ladders: { default: DEFAULT_LADDERS.default }, acknowledgeHours: 24, followUpHours: 72 };

export function ladderFor(config: EscalationConfig, tier: string): Ladder {
  return config.ladders[tier] ?? config.ladders.default!;
}
