import { countSegments } from './segments';
import { parameterFor, TemplateValueError } from './shorten';
import { fill, lengthOf, orderedVariables } from './template';
import type { SmsTemplate } from './template';

export type TemplateValues = Readonly<Record<string, string | number>>;

export interface RenderedSms {
  template: string;
  /** Variable name → parameter, as stored in the outbox. */
  params: Record<string, string>;
  /** The same parameters in the order the text uses them (what a positional provider is sent). */
  ordered: { name: string; value: string }[];
  /** Exactly what the phone shows: the signature, then the template with the parameters filled in. */
  text: string;
  segments: number;
}

/**
 * Renders a template for sending. Every variable gets a parameter shortened by its type's rule
 * (never over its limit, never empty); a missing or unknown value is a TemplateValueError
 * naming the template and variable, never a message with a hole in it.
 */
export function render(template: SmsTemplate, signature: string, values: TemplateValues): RenderedSms {
  const declared = new Set(template.variables.map((v) => v.name));
  const unknown = Object.keys(values).filter((k) => !declared.has(k));
  if (unknown.length > 0) throw new TemplateValueError(`template ${template.id}: no variable ${unknown.join(', ')}`);
  const params: Record<string, string> = {};
  for (const variable of template.variables) {
    const raw = values[variable.name];
    if (raw === undefined) throw new TemplateValueError(`template ${template.id}: ${variable.name} is required`);
    let value: string;
    try {
      value = parameterFor(variable, raw);
    } catch (error) {
      throw new TemplateValueError(`template ${template.id}: ${(error as Error).message}`, { cause: error });
    }
    // The shortening rules make these impossible; the check keeps it so if a rule is ever wrong.
    if (value === '' || lengthOf(value) > variable.maxLength) {
      throw new TemplateValueError(`template ${template.id}: ${variable.name} rendered as "${value}", outside 1–${variable.maxLength} characters`);
    }
    params[variable.name] = value;
  }
  const text = `${signature}${fill(template.text, params)}`;
  return {
    template: template.id,
    params,
    ordered: orderedVariables(template).map((v) => ({ name: v.name, value: params[v.name]! })),
    text,
    segments: countSegments(text).segments,
  };
}

/** The filing form's example: the template rendered with its own sample values. */
export function sampleOf(template: SmsTemplate, signature: string): RenderedSms {
  return render(template, signature, template.sample);
}
