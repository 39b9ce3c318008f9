import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { MaskingLogFormatter } from './masking-formatter';

/**
 * One logger and one metrics emitter per function. Logs carry ids and counts only: never names,
 * phone numbers, ID numbers or health details (elder ids are opaque ledger keys), and a
 * masking formatter replaces any that slip in.
 */
export const logger = new Logger({ serviceName: 'tanfang', logFormatter: new MaskingLogFormatter() });
// Its own warnings (an invocation with no metric) go through the logger: masked, and silent where
// the log level says so (the local runner drains hundreds of worker invocations).
export const metrics = new Metrics({ namespace: 'Tanfang', serviceName: 'tanfang', logger });

/**
 * X-Ray traces of each invocation (cold starts, the handler's segment, its errors) where Lambda
 * tracing exists. The stack turns it off in the China partition (POWERTOOLS_TRACE_ENABLED=false),
 * where Lambda has no X-Ray integration: there the logs' correlation ids (the Lambda request id,
 * an API request's id, the job's run date) tie an invocation's lines together.
 */
export const tracer = new Tracer({ serviceName: 'tanfang' });
