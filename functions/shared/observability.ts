import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics emitter per function. Logs carry ids and counts only: never names,
 * phone numbers, ID numbers or health details (elder ids are opaque ledger keys).
 */
export const logger = new Logger({ serviceName: 'tanfang' });
export const metrics = new Metrics({ namespace: 'Tanfang', serviceName: 'tanfang' });
