/**
 * The API's shapes, taken from the same zod schemas the API runs (type-only imports: nothing
 * of the server is bundled), so the app and the API cannot drift apart.
 */
import type { z } from 'zod';
import type { authConfigResponseSchema } from '../../../shared/http/routes-auth';
import type { meView } from '../../../shared/http/routes';
import type { taskView, visitAnswer } from '../../../shared/http/routes-tasks';
import type { escalationsAnswer, escalationView } from '../../../shared/http/routes-inbox';
import type { uploadReport, uploadStatus, uploadTarget } from '../../../shared/http/routes-uploads';
import type { personView } from '../../../shared/http/routes-admin';
import type { rateAnswerSchema } from '../../../shared/http/report-schemas';
import type { careView } from '../../../shared/http/care-schemas';
import type { flaggedVisitsAnswer } from '../../../shared/http/routes-supervision';
import type { VisitorElder } from '../../../shared/domain/access/access';
import type { VisitFormInput } from '../../../shared/domain/visit/visit-form';
import type { WeatherAlertInput } from '../../../shared/domain/alerts/alert';

export type AuthConfig = z.output<typeof authConfigResponseSchema>;
export type Me = z.output<typeof meView>;
export type TaskView = z.output<typeof taskView>;
export type VisitAnswer = z.output<typeof visitAnswer>;
export type Escalation = z.output<typeof escalationView>;
export type EscalationsPage = z.output<typeof escalationsAnswer>;
export type UploadTarget = z.output<typeof uploadTarget>;
export type UploadReport = z.output<typeof uploadReport>;
export type UploadStatus = z.output<typeof uploadStatus>;
export type PersonView = z.output<typeof personView>;
export type VisitRates = z.output<typeof rateAnswerSchema>;
export type VisitRateRow = VisitRates['rows'][number];
export type ElderCare = z.output<typeof careView>;
export type ElderCard = { view: 'full' | 'visit'; elder: VisitorElder; care?: ElderCare };
export type VisitForm = VisitFormInput;
export type WeatherAlert = WeatherAlertInput;
export type FlaggedVisitsPage = z.output<typeof flaggedVisitsAnswer>;
export type FlaggedVisit = FlaggedVisitsPage['visits'][number];
export type ReviewVerdict = 'genuine' | 'fake';
