import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { MaskingLogFormatter } from './masking-formatter';

/**
 * One logger and one metrics emitter per function. Logs carry ids and counts only: never names,
 * phone numbers, ID numbers or health details (elder ids are opaque ledger keys), and a
 * masking formatter replaces any that slip in.
 */
export const logger = new Logger({ serviceName: 'tanfang', logFormatter: new MaskingLogFormatter() });
export const metrics = new Metrics({ namespace: 'Tanfang', serviceName: 'tanfang' });
