/**
 * Flagged-visit review (核查), built against the reports branch's contract:
 * `GET /reviews/visits?areaCode=` and `POST /elders/{elderId}/visits/{visitId}/review`.
 * Until those routes merge, these types are the contract written down; at the merge, replace
 * them with type imports of the route's schemas like the others in types.ts.
 */
export interface FlaggedVisit {
  elderId: string;
  visitId: string;
  maskedName: string;
  villageName: string;
  visitorId: string;
  visitedAt: string;
  method: string;
  flags: { kind: string; detail: string }[];
}
export interface FlaggedVisitsPage {
  visits: FlaggedVisit[];
  next?: string;
}
export type ReviewVerdict = 'genuine' | 'fake';
