import type { ReplyMeaning, SmsKind } from './message';

/**
 * What a template variable carries. Providers type their variables (Aliyun asks for a
 * 变量属性 per variable; Huawei names TXT/NUM/DATE); ours say what the value is so that
 * rendering knows how to shorten it and each provider's rules know how to file it.
 *
 * - `count`: a whole number (仅数字), never negative.
 * - `date`: a local date shown as M月D日.
 * - `day_hour`: a time shown as D日H时 (within a warning's few days the month is clear).
 * - `masked_name`: an elder's masked name (张*华), never a full name.
 * - `place`: a village or community name (村/社区).
 * - `word`: one of a fixed list of short Chinese words (上门, 高温红色, 重阳节).
 */
export const VARIABLE_TYPES = ['count', 'date', 'day_hour', 'masked_name', 'place', 'word'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface TemplateVariable {
  name: string;
  type: VariableType;
  /** Most characters a value may have (code points); rendering shortens by rule to fit. */
  maxLength: number;
  /** What the variable means, in Chinese, for the office's filing form (变量说明). */
  description: string;
  /** For `word` variables: every value it may take (reviewers see the whole list). */
  values?: readonly string[] | undefined;
}

/**
 * A message as registered with a provider (短信模板): fixed Chinese text with `${name}`
 * variables, filed once by the office under its signature, then sent by code with parameters.
 */
export interface SmsTemplate {
  /** Our stable id, e.g. `assignment_digest`; the region config maps it to the provider's code. */
  id: string;
  kind: SmsKind;
  /** 模板名称 as filed (only the office and the provider see it). */
  name: string;
  /** 申请说明: the scene a reviewer needs to approve it (who receives it and why). */
  purpose: string;
  /** The fixed text with `${name}` variables, without the signature (the provider adds it). */
  text: string;
  variables: readonly TemplateVariable[];
  /** Values for the filing form's example (模板示例), rendered exactly as a phone would show them. */
  sample: Readonly<Record<string, string | number>>;
  /**
   * Who receives it: staff (visitors, supervisors, on the roster) or an elder's family. An urgent
   * SMS to a family is watched for its delivery receipt (the instructor hears when it fails).
   */
  audience: 'staff' | 'family';
  /**
   * Set on a version of another template whose text invites a reply `1` (回复1…). Offices file
   * it as a new template; a region sends it instead of `replaces` once its code is approved
   * (`sms.inviteReplies` names the meaning).
   */
  invites?: { meaning: ReplyMeaning; replaces: string } | undefined;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** The variable names in a text, in order of appearance (duplicates kept, so rules can see them). */
export function placeholdersOf(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

/** The text as pieces: fixed runs and variable names, in order. */
export function piecesOf(text: string): ({ fixed: string } | { variable: string })[] {
  const pieces: ({ fixed: string } | { variable: string })[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) pieces.push({ fixed: text.slice(last, m.index) });
    pieces.push({ variable: m[1]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) pieces.push({ fixed: text.slice(last) });
  return pieces;
}

/** The template's variables in the order its text uses them (Tencent's parameters are positional). */
export function orderedVariables(template: Pick<SmsTemplate, 'text' | 'variables'>): TemplateVariable[] {
  const byName = new Map(template.variables.map((v) => [v.name, v]));
  return placeholdersOf(template.text)
    .map((name) => byName.get(name))
    .filter((v): v is TemplateVariable => v !== undefined);
}

/** Fills the variables in: the one place text is assembled from a template. */
export function fill(text: string, params: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => params[name] ?? '');
}

/** Code points, as providers count characters (an emoji is one character, not two). */
export const lengthOf = (s: string) => Array.from(s).length;
