import type { Instant } from '../time/instant';

/** One read of an elder's sensitive fields: who, in which role, what they saw, why, when. */
export interface AuditEntry {
  elderId: string;
  at: Instant;
  personId: string;
  roles: string[];
  /** read_full: the whole form, ID number included; read_visit: a visitor's view; export: a ledger export; archive: the whole file (一人一档). */
  action: 'read_full' | 'read_visit' | 'export' | 'archive';
  /** The reason the reader gave (required for a full read), e.g. 复核低保资格. */
  purpose: string;
  /** Ties the entry to the request in the access logs. */
  requestId: string;
}
