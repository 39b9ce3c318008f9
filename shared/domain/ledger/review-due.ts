import type { ElderRecord } from './elder-record';

/** An entry as the overdue-review list reads it from its index: no form, no personal data beyond the masked name. */
export type ReviewDueElder = Pick<ElderRecord, 'elderId' | 'maskedName' | 'villageCode' | 'villageName' | 'visitorId'> & Partial<Pick<ElderRecord, 'lastReview' | 'registeredOn' | 'updatedAt'>>;
