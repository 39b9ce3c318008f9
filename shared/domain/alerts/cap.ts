import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../validation';
import type { FieldIssue } from '../validation';
import { ALERT_EVENT_NAMES, ALERT_EVENTS, ALERT_LEVEL_NAMES, ALERT_LEVELS, weatherAlertSchema } from './alert';
import type { AlertEvent, AlertLevel, WeatherAlert } from './alert';
import { formatIssues } from '../validation';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const MAX_ALERT_BYTES = 256 * 1024;

/**
 * English event names some feeds use, besides the Chinese signal names (台风, 高温…) that China's
 * national early-warning release system puts in <event> and <headline>. Its CAP profile also
 * carries classification codes in <eventCode>; we could not confirm that code table from a
 * public source, so the event is read from the names, longest first (道路结冰 before 冰).
 */
const ENGLISH_NAMES: [string, AlertEvent][] = [
  ['typhoon', 'typhoon'], ['rainstorm', 'rainstorm'], ['heavy rain', 'rainstorm'], ['blizzard', 'blizzard'], ['snowstorm', 'blizzard'],
  ['cold wave', 'cold_wave'], ['gale', 'gale'], ['strong wind', 'gale'], ['sandstorm', 'sandstorm'], ['dust storm', 'sandstorm'],
  ['heat', 'heat'], ['high temperature', 'heat'], ['drought', 'drought'], ['lightning', 'lightning'], ['thunder', 'lightning'],
  ['hail', 'hail'], ['frost', 'frost'], ['fog', 'fog'], ['haze', 'haze'], ['icy road', 'icy_road'], ['road icing', 'icy_road'],
];
const CHINESE_NAMES: [string, AlertEvent][] = (Object.entries(ALERT_EVENT_NAMES) as [AlertEvent, string][])
  .map(([event, name]): [string, AlertEvent] => [name, event])
  .sort((a, b) => b[0].length - a[0].length);

/** Severity when the text carries no colour word (CAP severity → Chinese signal colour). */
const SEVERITY_LEVEL: Record<string, AlertLevel> = { Minor: 'blue', Moderate: 'yellow', Severe: 'orange', Extreme: 'red' };

type Node = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ['info', 'area', 'geocode', 'eventCode', 'parameter'].includes(name),
});

const fail = (field: string, rule: string): never => {
  throw new ValidationError('CAP alert', [{ field, rule }]);
};

const text = (node: Node | undefined, key: string): string | undefined => {
  const v = node?.[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return typeof (v as Node)['#text'] === 'string' ? ((v as Node)['#text'] as string) : undefined;
  return String(v);
};

/**
 * Reads one CAP 1.2 message into a WeatherAlert: well-formedness first (with line and column),
 * then the CAP shape, then the same zod schema as the JSON form. Only `Actual` alerts of type
 * Alert, Update or Cancel raise visits; exercises, tests and acknowledgements are refused.
 */
export function parseCapAlert(xml: string): WeatherAlert {
  if (Buffer.byteLength(xml, 'utf8') > MAX_ALERT_BYTES) fail('(body)', `larger than ${MAX_ALERT_BYTES / 1024} KiB`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail('(xml)', `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  const doc = parser.parse(xml) as Node;
  const alert = doc.alert as Node | undefined;
  if (!alert || typeof alert !== 'object') fail('alert', 'the root element must be a CAP <alert>');
  const root = alert as Node;
  // The parser drops namespace prefixes and declarations, so the root tag is checked as written.
  if (!/<(?:[\w-]+:)?alert\b[^>]*\sxmlns(?::[\w-]+)?\s*=\s*["']urn:oasis:names:tc:emergency:cap:1\.2["']/.test(xml)) fail('alert.xmlns', `must be the CAP 1.2 namespace ${CAP_NAMESPACE}`);
  const status = text(root, 'status');
  if (status !== 'Actual') fail('alert.status', `is "${status ?? ''}": only Actual alerts raise visits (not Exercise, System, Test or Draft)`);
  const msgType = text(root, 'msgType');
  if (msgType !== 'Alert' && msgType !== 'Update' && msgType !== 'Cancel') fail('alert.msgType', `is "${msgType ?? ''}": must be Alert, Update or Cancel`);

  const infos = (root.info as Node[] | undefined) ?? [];
  const info = infos.find((i) => text(i, 'language')?.toLowerCase().startsWith('zh')) ?? infos[0];
  if (!info) fail('alert.info', 'a CAP alert needs at least one <info>');
  const i = info as Node;
  const words = [text(i, 'event'), text(i, 'headline'), ...((i.eventCode as Node[] | undefined) ?? []).map((c) => text(c, 'value'))].filter((w): w is string => !!w);
  const event = eventOf(words);
  if (!event) fail('info.event', `"${words.join(' / ')}" is not a known warning type; known: ${ALERT_EVENTS.map((e) => `${e} (${ALERT_EVENT_NAMES[e]})`).join(', ')}`);
  const level = levelOf(words, text(i, 'severity'));
  if (!level) fail('info.severity', `no colour level: the event or headline must name 蓝色/黄色/橙色/红色, or severity must be Minor, Moderate, Severe or Extreme`);

  const areaCodes: string[] = [];
  ((i.area as Node[] | undefined) ?? []).forEach((area, a) =>
    ((area.geocode as Node[] | undefined) ?? []).forEach((g, k) => {
      const value = text(g, 'value');
      if (!value) fail(`info.area[${a}].geocode[${k}].value`, 'is empty');
      areaCodes.push(value as string);
    }),
  );

  const candidate = {
    identifier: text(root, 'identifier'),
    sender: text(root, 'sender'),
    sent: text(root, 'sent'),
    msgType,
    references: (text(root, 'references') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((triple) => triple.split(',')[1] ?? triple),
    event,
    level,
    areaCodes,
    onset: text(i, 'onset') ?? text(i, 'effective') ?? text(root, 'sent'),
    expires: text(i, 'expires'),
    ...(text(i, 'headline') ? { headline: text(i, 'headline') } : {}),
    ...(text(i, 'description') ? { description: text(i, 'description') } : {}),
  };
  const parsed = weatherAlertSchema.safeParse(candidate);
  if (!parsed.success) throw new ValidationError('CAP alert', formatIssues(parsed.error).map(capField));
  return parsed.data;
}

/** Names a schema field as the CAP element it came from. */
function capField(issue: FieldIssue): FieldIssue {
  const [head, ...rest] = issue.field.split('.');
  const map: Record<string, string> = { areaCodes: 'info.area.geocode.value', onset: 'info.onset', expires: 'info.expires', event: 'info.event', level: 'info.severity', headline: 'info.headline', description: 'info.description' };
  const mapped = head && map[head] ? map[head] : `alert.${head ?? ''}`;
  return { ...issue, field: [mapped, ...rest].join('.') };
}

function eventOf(words: readonly string[]): AlertEvent | undefined {
  for (const word of words) {
    for (const [name, event] of CHINESE_NAMES) if (word.includes(name)) return event;
    const lower = word.toLowerCase();
    for (const [name, event] of ENGLISH_NAMES) if (lower.includes(name)) return event;
  }
  return undefined;
}

function levelOf(words: readonly string[], severity: string | undefined): AlertLevel | undefined {
  for (const word of words) {
    // Red first: "橙色降级为黄色" style texts are rare; the issuing colour is the strongest named.
    for (const level of [...ALERT_LEVELS].reverse()) if (word.includes(ALERT_LEVEL_NAMES[level]) || word.toLowerCase().includes(`${level} `) || word.toLowerCase().endsWith(level)) return level;
  }
  return severity ? SEVERITY_LEVEL[severity] : undefined;
}

/** A body in either form: XML when the content type says so or the body starts with '<'. */
export function parseAlertBody(body: string, contentType?: string): { xml: true; alert: WeatherAlert } | { xml: false; json: unknown } {
  if (/xml/i.test(contentType ?? '') || body.trimStart().startsWith('<')) return { xml: true, alert: parseCapAlert(body) };
  if (Buffer.byteLength(body, 'utf8') > MAX_ALERT_BYTES) fail('(body)', `larger than ${MAX_ALERT_BYTES / 1024} KiB`);
  try {
    return { xml: false, json: JSON.parse(body) as unknown };
  } catch (error) {
    return fail('(body)', `not JSON or CAP XML: ${(error as Error).message}`);
  }
}
