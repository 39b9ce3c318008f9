import { z } from 'zod';
import { areaCodeSchema } from '../elder/area-code';
import { phoneSchema } from '../elder/phone';

/**
 * People who visit and supervise. A visitor (探访人员) gets tasks; the supervision chain is
 * village liaison 村(居)联络员 → township instructor 镇(街道)指导员 → county/city supervisor 督导员
 * → civil-affairs bureau 民政局, each attached to an area.
 */
export const ROLES = ['visitor', 'liaison', 'instructor', 'supervisor', 'bureau', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const personSchema = z
  .object({
    personId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -'),
    name: z.string().trim().min(1).max(30),
    roles: z.array(z.enum(ROLES)).min(1, 'a person needs at least one role'),
    areaCode: areaCodeSchema,
    /** E.164; a person without a phone gets no SMS, and the outbox says so. */
    phone: phoneSchema.optional(),
    active: z.boolean().default(true),
  })
  .strict();

export type Person = z.infer<typeof personSchema>;
