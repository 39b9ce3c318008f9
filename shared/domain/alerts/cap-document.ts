import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cleanInput } from '../input/clean';
import { ValidationError } from '../validation';

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** Real warnings are a few KiB; a cap keeps a hostile or broken sender from costing us a parse of megabytes. */
export const MAX_ALERT_BYTES = 256 * 1024;

const SUBJECT = 'CAP alert';

export type Node = Record<string, unknown>;

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Codes such as 510108 or 11B09 must stay strings (no 510108 → number, no leading zeros lost).
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => ['info', 'area', 'geocode', 'eventCode', 'references', 'parameter', 'resource'].includes(name),
});

/** A second, prefix-keeping parse: the only way to see which namespace the root element is in. */
const rootParser = new XMLParser({ removeNSPrefix: false, ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false });

const fail = (field: string, rule: string): never => {
  throw new ValidationError(SUBJECT, [{ field, rule }]);
};

/**
 * A CAP message as a document, before its meaning is read: size, no markup declarations,
 * well-formedness (with line and column), root and namespace, then the parse, every text
 * through the same hygiene as all input. Returns the <alert> element; every failure is a
 * ValidationError naming the part and the rule.
 */
export function readCapDocument(xml: string): Node {
  checkAlertSize(xml);
  refuseDeclarations(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) fail('(xml)', `not well-formed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  checkRoot(parseXml(rootParser, xml));
  const document = cleanInput(parseXml(parser, xml));
  if (document.issues.length > 0) throw new ValidationError(SUBJECT, document.issues);
  return (document.value as Node).alert as Node;
}

/**
 * CAP has no document type, so no message needs one: any markup declaration — a DOCTYPE, an
 * ENTITY, anywhere, even inside <alert> where the parser would still read it — is refused
 * before parsing, and with it every entity trick (a defined entity turning a blue warning red,
 * billion laughs). Only comments and CDATA may start with `<!`.
 */
function refuseDeclarations(xml: string): void {
  for (const m of xml.matchAll(/<!/g)) {
    const at = m.index ?? 0;
    if (xml.startsWith('<!--', at) || xml.startsWith('<![CDATA[', at)) continue;
    const line = xml.slice(0, at).split('\n').length;
    fail('(xml)', `a markup declaration (${xml.slice(at, at + 10).replace(/\s+/g, ' ')}…) at line ${line}: a CAP alert may hold no DOCTYPE or ENTITY`);
  }
}

/** A parse that cannot throw anything but a ValidationError (the validator passed, but the parser has its own checks). */
function parseXml(p: XMLParser, xml: string): Node {
  try {
    return p.parse(xml) as Node;
  } catch (error) {
    return fail('(xml)', `cannot be parsed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Refuses a body over MAX_ALERT_BYTES; the JSON form is held to the same limit. */
export function checkAlertSize(body: string, subject: string = SUBJECT): void {
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > MAX_ALERT_BYTES) throw new ValidationError(subject, [{ field: '(body)', rule: `is ${Math.ceil(bytes / 1024)} KiB, larger than the ${MAX_ALERT_BYTES / 1024} KiB limit` }]);
}

/** The root must be `<alert>` in the CAP 1.2 namespace, with or without a prefix (`<cap:alert xmlns:cap=…>`). */
function checkRoot(doc: Node): void {
  const roots = Object.keys(doc).filter((k) => !k.startsWith('?'));
  const root = roots[0] ?? '';
  const [prefix, local] = root.includes(':') ? [root.slice(0, root.indexOf(':')), root.slice(root.indexOf(':') + 1)] : [undefined, root];
  if (local !== 'alert') fail('alert', `the root element is <${root}>; a CAP message is an <alert>`);
  const element = doc[root];
  const attrs = typeof element === 'object' && element !== null ? (element as Node) : {};
  const ns = attrs[prefix ? `@xmlns:${prefix}` : '@xmlns'];
  if (ns !== CAP_NAMESPACE) fail('alert@xmlns', `is ${ns === undefined ? 'missing' : `"${String(ns)}"`}: must be the CAP 1.2 namespace ${CAP_NAMESPACE}`);
}
