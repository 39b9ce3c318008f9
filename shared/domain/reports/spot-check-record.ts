import type { Instant } from '../time/instant';
import type { DrawnVisit, SpotCheckRules } from './spot-check';

/** One month's spot-check sample for a township, as drawn (kept whole, so a rerun never redraws). */
export interface SpotCheckDraw {
  township: string;
  month: string;
  seed: string;
  rules: SpotCheckRules;
  /** Completed visits the draw chose from. */
  candidates: number;
  visits: DrawnVisit[];
  drawnBy: string;
  drawnAt: Instant;
}

/** 核实结果: confirmed (the elder or family confirm the visit), not_visited (they deny it: judged fake), unreachable (try again). */
export const SPOT_CHECK_RESULTS = ['confirmed', 'not_visited', 'unreachable'] as const;
export type SpotCheckOutcome = (typeof SPOT_CHECK_RESULTS)[number];

export interface SpotCheckResult {
  township: string;
  month: string;
  elderId: string;
  visitId: string;
  result: SpotCheckOutcome;
  /** Who called, and when. */
  by: string;
  at: Instant;
  /** Whom they reached: the elder or a family member (第一探访联系人). */
  reached?: 'elder' | 'family' | undefined;
  note?: string | undefined;
  /** Earlier unreachable attempts, oldest first. */
  attempts: { by: string; at: Instant; note?: string | undefined }[];
}

export const isFinalResult = (r: SpotCheckOutcome) => r !== 'unreachable';
