import { z } from 'zod';

/**
 * How long closed items stay in the hot tables before DynamoDB's TTL removes them (archived
 * first: see shared/app/archive-closed.ts). The minimums keep last year's rates, the same month a
 * year ago and the yearly report answerable from the hot indexes, with the archive behind them.
 */
export const MIN_CLOSED_TASK_MONTHS = 13;
/** Delivery records a supervisor looks up and the quarter's SMS review need a quarter at least. */
export const MIN_OUTBOX_DAYS = 90;

export const DEFAULT_RETENTION = { closedTaskMonths: 25, outboxDays: 732 } as const;

export const retentionConfigSchema = z
  .object({
    /** Full months a closed task stays after the month its window ends (its archive record stays for good). */
    closedTaskMonths: z
      .number({ error: 'must be a whole number of months' })
      .int('must be a whole number of months')
      .min(MIN_CLOSED_TASK_MONTHS, `must be at least ${MIN_CLOSED_TASK_MONTHS} months: last year's visit rates and the same month a year ago are read from the hot indexes`)
      .max(120, 'at most 120 months (10 years)')
      .default(DEFAULT_RETENTION.closedTaskMonths),
    /** Days an SMS record stays after it was queued. */
    outboxDays: z
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(MIN_OUTBOX_DAYS, `must be at least ${MIN_OUTBOX_DAYS} days: supervisors look up what a family was sent over the last quarter`)
      .max(3660, 'at most 3660 days (10 years)')
      .default(DEFAULT_RETENTION.outboxDays),
  })
  .strict();

export type RetentionConfig = z.infer<typeof retentionConfigSchema>;
