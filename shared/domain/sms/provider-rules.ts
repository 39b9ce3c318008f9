import type { SmsProviderId } from './provider';
import { lengthOf, piecesOf, placeholdersOf } from './template';
import type { SmsTemplate, VariableType } from './template';

/**
 * What each mainland provider's reviewers and APIs require of a template (模板规范), as data,
 * so a region config that files a text the provider would refuse fails synth, not a send.
 *
 * Aliyun (短信服务, 通知短信模板规范 / 申请短信模板): a variable is 1–35 characters, used once,
 * never next to another variable, never the whole template; template 1–500 characters with
 * its variables; no 【】 anywhere (the signature goes there) and no [ ] at either end; no
 * traditional characters or special symbols (『』「」〖〗•①★※→ …); no personal phone number.
 * Tencent Cloud (正文模板审核标准): variables are {1}, {2} … numbered from 1; never adjacent,
 * never the whole template; a non-verification variable takes at most 6 characters (FAQ
 * 模板相关问题); total ≤ 500 characters with signature and values; no 【】, ¥ ★ ※ ☞ ✓.
 * Both: no link or phone number assembled from variables (www.${x}.cn, 186${x}1234).
 * Huawei (变量规范: TEXT 1–20, ≤ 20 variables) is stricter than Aliyun on length and is met by
 * the same catalogue, which keeps every variable within 6 characters.
 */
export interface ProviderTemplateRules {
  provider: Extract<SmsProviderId, 'aliyun' | 'tencent'>;
  /** The provider's console as an office knows it. */
  console: string;
  /** How the variable is written in the text filed with this provider. */
  placeholder: (name: string, position: number) => string;
  maxVariables: number;
  maxVariableLength: number;
  /** Template text with signature and every variable at its longest. */
  maxTextLength: number;
  /** The 变量属性 to choose when filing each of our variable types (Tencent has none to choose). */
  typeNames: Record<VariableType, string>;
  /** The registered template code as this provider issues it. */
  code: { pattern: RegExp; rule: string };
}

export const PROVIDER_RULES: Record<ProviderTemplateRules['provider'], ProviderTemplateRules> = {
  aliyun: {
    provider: 'aliyun',
    console: '阿里云短信服务 国内消息 > 模板管理（通知短信）',
    placeholder: (name) => `\${${name}}`,
    maxVariables: 20,
    maxVariableLength: 35,
    maxTextLength: 500,
    // Masked names carry * and places may carry digits, which 姓名 and 中文汉字 refuse: they are filed as 其他.
    typeNames: { count: '仅数字', date: '时间', day_hour: '其他', masked_name: '其他', place: '其他', word: '中文汉字' },
    code: { pattern: /^SMS_\d{6,12}$/, rule: 'must be an Aliyun TemplateCode such as SMS_154950909' },
  },
  tencent: {
    provider: 'tencent',
    console: '腾讯云短信 国内短信 > 正文模板管理（通知短信）',
    placeholder: (_, position) => `{${position}}`,
    maxVariables: 20,
    maxVariableLength: 6,
    maxTextLength: 500,
    typeNames: { count: '不设类型', date: '不设类型', day_hour: '不设类型', masked_name: '不设类型', place: '不设类型', word: '不设类型' },
    code: { pattern: /^\d{4,10}$/, rule: 'must be a Tencent Cloud TemplateId (digits) such as 1234567' },
  },
};

export interface TemplateIssue {
  /** Where, relative to the template: `text`, `variables.<name>`. */
  field: string;
  rule: string;
}

/** Symbols either provider refuses in a template (garbled on phones, or reserved). */
const SPECIAL_SYMBOLS = /[¥￥★☆※→←↑↓●•☞✓✔√①②③④⑤⑥⑦⑧⑨⑩『』「」〖〗#&^]/u;
const MOBILE_NUMBER = /1[3-9]\d{9}/;
const LINK = /https?:\/\/|www\.|\.(cn|com|net|org|gov)\b/i;
/** A character that would glue a variable into a number, an address or a link. */
const GLUE = /[A-Za-z0-9./:@+\-_=?%]/;
/** Aliyun: a variable name is letters, digits or _ from a letter, and not one of its reserved words. */
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,24}$/;
const RESERVED_NAMES = new Set(['email', 'mobile', 'id', 'nick', 'site']);
/** Enough fixed text that a reviewer reads what and why without the variables (不支持全变量模板). */
const MIN_FIXED_CHARACTERS = 10;

/** Rules every template meets, whoever sends it: its text and its declared variables agree. */
export function structureIssues(template: Pick<SmsTemplate, 'text' | 'variables'>): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const used = placeholdersOf(template.text);
  const declared = new Set(template.variables.map((v) => v.name));
  for (const name of new Set(used)) {
    if (!declared.has(name)) issues.push({ field: 'text', rule: `uses \${${name}}, which is not one of the template's variables (${[...declared].join(', ')})` });
    else if (used.filter((u) => u === name).length > 1) issues.push({ field: `variables.${name}`, rule: 'must appear exactly once in the text (a provider allows each variable once)' });
  }
  for (const variable of template.variables) {
    if (!used.includes(variable.name)) issues.push({ field: `variables.${variable.name}`, rule: 'is declared but the text never uses it' });
    if (!VARIABLE_NAME.test(variable.name) || RESERVED_NAMES.has(variable.name.toLowerCase()))
      issues.push({ field: `variables.${variable.name}`, rule: 'a variable name must be 1–25 letters, digits or _ starting with a letter, and not email, mobile, id, nick or site' });
    if (variable.maxLength < 1) issues.push({ field: `variables.${variable.name}.maxLength`, rule: 'must be at least 1' });
  }
  const stray = template.text.replace(/\$\{[^}]*\}/g, '');
  if (/[{}$]/.test(stray)) issues.push({ field: 'text', rule: 'has a $, { or } outside a ${name} variable' });
  return issues;
}

/** Whether the provider would accept the template under `signature` (【…】 included); issues name the field and rule. */
export function providerIssues(template: Pick<SmsTemplate, 'text' | 'variables'>, rules: ProviderTemplateRules, signature: string): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const { text } = template;
  const pieces = piecesOf(text);
  const fixed = pieces.map((p) => ('fixed' in p ? p.fixed : '')).join('');
  if (/[【】]/.test(text)) issues.push({ field: 'text', rule: 'must not contain 【 or 】: the provider puts the signature there' });
  if (/^[[\]]|[[\]]$/.test(text)) issues.push({ field: 'text', rule: 'must not start or end with [ or ]' });
  const symbol = SPECIAL_SYMBOLS.exec(text);
  if (symbol) issues.push({ field: 'text', rule: `must not contain the special symbol "${symbol[0]}" (${rules.console} refuses it)` });
  if (MOBILE_NUMBER.test(fixed)) issues.push({ field: 'text', rule: 'must not contain a mobile phone number' });
  if (LINK.test(fixed)) issues.push({ field: 'text', rule: 'must not contain a link: a link must be a registered (ICP) address and is not supported here' });
  if (lengthOf(fixed.replace(/\s/g, '')) < MIN_FIXED_CHARACTERS) issues.push({ field: 'text', rule: `needs at least ${MIN_FIXED_CHARACTERS} characters of fixed text: a template of (almost) only variables is refused` });
  if (template.variables.length > rules.maxVariables) issues.push({ field: 'variables', rule: `at most ${rules.maxVariables} variables, got ${template.variables.length}` });
  pieces.forEach((piece, i) => {
    if (!('variable' in piece)) return;
    const next = pieces[i + 1];
    if (next && 'variable' in next) issues.push({ field: `variables.${piece.variable}`, rule: `must not stand next to \${${next.variable}}: put fixed text between two variables` });
    const before = pieces[i - 1];
    const glued = (before && 'fixed' in before && GLUE.test(before.fixed.slice(-1))) || (next && 'fixed' in next && GLUE.test(next.fixed.slice(0, 1)));
    if (glued) issues.push({ field: `variables.${piece.variable}`, rule: 'must not be joined to letters, digits or link characters: a phone number or link must not be built from variables' });
  });
  for (const variable of template.variables) {
    if (variable.maxLength > rules.maxVariableLength) issues.push({ field: `variables.${variable.name}.maxLength`, rule: `at most ${rules.maxVariableLength} characters with ${rules.provider}, got ${variable.maxLength}` });
  }
  const longest = lengthOf(signature) + lengthOf(fixed) + template.variables.reduce((n, v) => n + v.maxLength, 0);
  if (longest > rules.maxTextLength) issues.push({ field: 'text', rule: `at most ${rules.maxTextLength} characters with the signature and every variable at its longest, got ${longest}` });
  return issues;
}
