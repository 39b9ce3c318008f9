import { areaCodeProblem } from '../elder/area-code';
import { ValidationError, formatIssues } from '../validation';
import type { FieldIssue } from '../validation';
import { ALERT_LEVEL_NAMES, ALERT_LEVELS, weatherAlertSchema } from './alert';
import type { AlertEvent, AlertLevel, WeatherAlert } from './alert';
import { NATIONAL_EVENT_CODES, ENGLISH_NAMES, CHINESE_NAMES, CHINESE_BY_LENGTH, LOCAL_COMPOUNDS, SEVERITY_LEVEL, COLOUR_WORDS, KNOWN_EVENTS, KNOWN_CODES } from './cap-vocabulary';

import { readCapDocument } from './cap-document';
import type { Node } from './cap-document';

export { NATIONAL_EVENT_CODES } from './cap-vocabulary';
export { CAP_NAMESPACE, checkAlertSize, MAX_ALERT_BYTES } from './cap-document';

const SUBJECT = 'CAP alert';

const fail = (field: string, rule: string): never => {
  throw new ValidationError(SUBJECT, [{ field, rule }]);
};

/** The text of a single element; empty elements (`<onset/>`) count as absent. */
function text(node: Node, key: string, field: string): string | undefined {
  const value = node[key];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return fail(field, 'must appear at most once');
  const raw = typeof value === 'object' ? (value as Node)['#text'] : value;
  if (raw === undefined) return undefined;
  const s = String(raw).trim();
  return s === '' ? undefined : s;
}

const nodes = (node: Node, key: string): Node[] => ((node[key] as unknown[] | undefined) ?? []).map((n) => (typeof n === 'object' && n !== null ? (n as Node) : { '#text': n }));

/**
 * CAP times are `2026-07-20T10:00:00+08:00`. The national system's value rules (取值规则, the
 * appendix of the provincial data standards built on GB/T 35965.1) write the extended form with a
 * space, as in a Henan message's `<effective>2020-02-05 10:57:42+08:00</effective>`; that is the
 * same instant, so it is accepted here (the JSON form stays strict ISO 8601).
 */
const capTime = (value: string | undefined): string | undefined => value?.replace(/^(\d{4}-\d{2}-\d{2}) (\d{2}:)/, '$1T$2');

/**
 * Reads one CAP 1.2 message into a WeatherAlert: size, well-formedness (with line and column),
 * root and namespace, status and type, then event, colour and areas, then the same zod schema as
 * the JSON form. Every error names the CAP element (`alert.status`, `info.eventCode`,
 * `info.area[1].geocode[0].value`) and the rule.
 */
export function parseCapAlert(xml: string): WeatherAlert {
  const alert = readCapDocument(xml);
  const status = text(alert, 'status', 'alert.status');
  if (status !== 'Actual') fail('alert.status', `is "${status ?? ''}": only Actual alerts raise visits (Exercise, System, Test and Draft do not)`);
  const msgType = text(alert, 'msgType', 'alert.msgType');
  if (msgType !== 'Alert' && msgType !== 'Update' && msgType !== 'Cancel') fail('alert.msgType', `is "${msgType ?? ''}": must be Alert, Update or Cancel (Ack and Error answer other systems and change nothing here)`);

  const info = chooseInfo(nodes(alert, 'info'));
  const event = eventOf(info);
  const level = levelOf(info);
  const areaCodes = areaCodesOf(info);

  const sent = capTime(text(alert, 'sent', 'alert.sent'));
  const onsetSource = (['onset', 'effective'] as const).find((k) => text(info, k, `info.${k}`) !== undefined);
  const expires = capTime(text(info, 'expires', 'info.expires'));
  if (!expires) fail('info.expires', 'is required: a warning without an expiry would keep raising visits forever');
  const headline = text(info, 'headline', 'info.headline');
  const description = text(info, 'description', 'info.description');

  const candidate = {
    identifier: text(alert, 'identifier', 'alert.identifier'),
    sender: text(alert, 'sender', 'alert.sender'),
    sent,
    msgType,
    references: referencesOf(alert),
    event,
    level,
    areaCodes,
    onset: onsetSource ? capTime(text(info, onsetSource, `info.${onsetSource}`)) : sent,
    expires,
    ...(headline ? { headline } : {}),
    ...(description ? { description } : {}),
  };
  const parsed = weatherAlertSchema.safeParse(candidate);
  if (!parsed.success)
    throw new ValidationError(
      SUBJECT,
      formatIssues(parsed.error).map((issue) => capField(issue, onsetSource)),
    );
  return parsed.data;
}

/** The Chinese <info> when a message carries several languages, else the first. */
function chooseInfo(infos: Node[]): Node {
  const zh = infos.find((i) => /^zh(-|$)/i.test(text(i, 'language', 'info.language') ?? ''));
  const info = zh ?? infos[0];
  if (!info) return fail('info', 'a CAP alert needs at least one <info> block');
  return info;
}

/** `sender,identifier,sent` triples separated by whitespace → the identifiers. A bare identifier is taken as is. */
function referencesOf(alert: Node): string[] {
  const all = nodes(alert, 'references')
    .map((n) => String(n['#text'] ?? ''))
    .join(' ');
  return all
    .split(/\s+/)
    .filter(Boolean)
    .map((ref) => {
      const parts = ref.split(',');
      return parts.length === 3 ? (parts[1] as string) : ref;
    });
}

/** The event by its Chinese or English name, ignoring the colour, 预警/信号 and "warning" words. */
function eventByName(name: string): AlertEvent | undefined {
  const chinese = name
    .replace(/[[(（【][^\])）】]*[\])）】]/g, '')
    .replace(COLOUR_WORDS, '')
    .replace(/预警信号|预警|信号|\s/g, '');
  const fromChinese = CHINESE_NAMES.get(chinese);
  if (fromChinese) return fromChinese;
  const english = name
    .toLowerCase()
    .replace(COLOUR_WORDS, ' ')
    .replace(/\b(early|warning|warnings|signal|alert)\b/g, ' ')
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return ENGLISH_NAMES[english];
}

/** A national signal named inside a sentence, e.g. 成华区气象台发布高温红色预警信号. */
function eventInHeadline(headline: string): AlertEvent | undefined {
  if (LOCAL_COMPOUNDS.some((c) => headline.includes(c))) return undefined;
  const name = CHINESE_BY_LENGTH.find((n) => new RegExp(`${n}(${ALERT_LEVELS.map((l) => ALERT_LEVEL_NAMES[l]).join('|')})?预警`).test(headline));
  return name ? CHINESE_NAMES.get(name) : eventByName(headline);
}

/**
 * The warning type, most structured source first:
 * 1. a national code (11Bxx) in <eventCode>, whatever its valueName; a code outside the 14
 *    signals is refused rather than read from the text (11B20 雷雨大风 must not become 大风);
 * 2. the <event> text (高温红色预警, 台风橙色预警信号, "Heat Wave"); when a code is present too
 *    they must agree;
 * 3. only when <event> is absent, the headline.
 */
function eventOf(info: Node): AlertEvent {
  let fromCode: { event: AlertEvent; code: string } | undefined;
  nodes(info, 'eventCode').forEach((ec, k) => {
    const value = text(ec, 'value', `info.eventCode[${k}].value`)?.toUpperCase();
    if (!value) return;
    if (/^11B\d{2}$/.test(value)) {
      const event = NATIONAL_EVENT_CODES[value];
      if (!event) fail(`info.eventCode[${k}].value`, `${value} is not one of the 14 weather warning signals Tanfang acts on; known codes: ${KNOWN_CODES}`);
      else if (fromCode && fromCode.event !== event) fail(`info.eventCode[${k}].value`, `${value} contradicts ${fromCode.code}`);
      else fromCode = { event, code: value };
      return;
    }
    const named = eventByName(value);
    if (named && !fromCode) fromCode = { event: named, code: value };
  });

  const eventText = text(info, 'event', 'info.event');
  const fromText = eventText ? eventByName(eventText) : undefined;
  if (fromCode && fromText && fromCode.event !== fromText) fail('info.event', `"${eventText}" (${fromText}) disagrees with info.eventCode ${fromCode.code} (${fromCode.event})`);
  if (fromCode) return fromCode.event;
  if (fromText) return fromText;
  if (eventText) return fail('info.event', `"${eventText}" is not a known warning type (and no known info.eventCode); known: ${KNOWN_EVENTS}`);
  const headline = text(info, 'headline', 'info.headline');
  const fromHeadline = headline ? eventInHeadline(headline) : undefined;
  if (fromHeadline) return fromHeadline;
  return fail('info.event', `is missing and the headline names no known warning type; known: ${KNOWN_EVENTS}`);
}

/** The last colour word in a text: 升级台风黄色预警为橙色预警 and 橙色降级为黄色 both end on the colour now in force. */
function lastColour(value: string | undefined): AlertLevel | undefined {
  let found: AlertLevel | undefined;
  for (const m of value?.matchAll(COLOUR_WORDS) ?? []) {
    const word = (m[1] ?? m[2] ?? '').toLowerCase();
    found = ALERT_LEVELS.find((l) => ALERT_LEVEL_NAMES[l] === word || l === word);
  }
  return found;
}

/**
 * The colour, in this order: a colour word in <event>, then in <headline> (the signal's colour is
 * what the public is told), then <severity> (Minor→blue, Moderate→yellow, Severe→orange,
 * Extreme→red, or the colour itself). CAP severity is coarser and senders map it differently,
 * so it only decides when the text names no colour.
 */
function levelOf(info: Node): AlertLevel {
  const fromText = lastColour(text(info, 'event', 'info.event')) ?? lastColour(text(info, 'headline', 'info.headline'));
  if (fromText) return fromText;
  const severity = text(info, 'severity', 'info.severity');
  const fromSeverity = severity ? SEVERITY_LEVEL[severity.toLowerCase()] : undefined;
  if (fromSeverity) return fromSeverity;
  return fail('info.severity', `is "${severity ?? ''}" and neither <event> nor <headline> names 蓝色, 黄色, 橙色 or 红色: no colour level (severity must be Minor, Moderate, Severe or Extreme)`);
}

/**
 * A GB/T 2260 code as the national system may pad it to 12 digits: 510108000000 is county
 * 510108 and 510108001000 township 510108001. Other values are returned unchanged to be checked.
 */
function unpad(code: string): string {
  if (/^\d{12}$/.test(code)) {
    if (code.endsWith('000000')) return code.slice(0, 6);
    if (code.endsWith('000')) return code.slice(0, 9);
  }
  return code;
}

/** Every <geocode><value> of every <area>, each checked as a GB/T 2260 code; all problems are reported together. */
function areaCodesOf(info: Node): string[] {
  const areas = nodes(info, 'area');
  if (areas.length === 0) fail('info.area', 'at least one <area> with a <geocode> holding a GB/T 2260 code is required');
  const codes: string[] = [];
  const issues: FieldIssue[] = [];
  for (const [a, area] of areas.entries()) {
    const geocodes = nodes(area, 'geocode');
    // areaDesc alone (成华区) cannot be matched to elders reliably, so an area needs a code.
    if (geocodes.length === 0) issues.push({ field: `info.area[${a}].geocode`, rule: 'is missing: each <area> needs a <geocode> with a GB/T 2260 code' });
    for (const [k, geocode] of geocodes.entries()) {
      const field = `info.area[${a}].geocode[${k}].value`;
      const value = text(geocode, 'value', field);
      const problem = value ? areaCodeProblem(unpad(value)) : undefined;
      if (!value) issues.push({ field, rule: 'is required: <geocode> needs <valueName> and <value>' });
      else if (problem) issues.push({ field, rule: `"${value}" is not a GB/T 2260 area code: it ${problem}` });
      else codes.push(unpad(value));
    }
  }
  if (issues.length > 0) throw new ValidationError(SUBJECT, issues);
  return codes;
}

/** Names a schema field as the CAP element it came from. */
function capField(issue: FieldIssue, onsetSource: 'onset' | 'effective' | undefined): FieldIssue {
  const [head = '', ...rest] = issue.field.split('.');
  const info: Record<string, string> = {
    onset: onsetSource ? `info.${onsetSource}` : 'alert.sent',
    expires: 'info.expires',
    event: 'info.event',
    level: 'info.severity',
    areaCodes: 'info.area',
    headline: 'info.headline',
    description: 'info.description',
  };
  const mapped = info[head] ?? (head === '(root)' ? 'alert' : `alert.${head}`);
  return { ...issue, field: [mapped, ...rest].join('.') };
}
