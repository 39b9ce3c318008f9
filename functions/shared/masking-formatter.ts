import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/**
 * Defence in depth for the rule "no ID numbers or phone numbers in logs": whatever a log line
 * carries, an 18-character resident ID or an 11-digit mainland mobile number (with or without
 * +86) is replaced before the line is written. Code logs ids and counts only; this catches
 * the mistake, e.g. an error message quoting a bad input.
 */
const ID_NUMBER = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
const MOBILE = /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g;

export function maskText(text: string): string {
  return text.replace(ID_NUMBER, (m) => `${m.slice(0, 6)}********${m.slice(-2).replace(/\d/g, '*')}`).replace(MOBILE, (m) => `${m.slice(0, m.length - 8)}****${m.slice(-4)}`);
}

export function maskValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  if (Array.isArray(value)) return value.map((v) => maskValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(v, depth + 1)]));
}

export class MaskingLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const base: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      cold_start: attributes.lambdaContext?.coldStart,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      ...(attributes.error ? { error: attributes.error } : {}),
    };
    return new LogItem({ attributes: maskValue({ ...base, ...additional }) as LogAttributes });
  }
}
