type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A synthesized template with CloudFormation's pseudo parameters filled in for a region
 * (partition, region, URL suffix, a sample account) and the intrinsics that only combine
 * strings evaluated (Fn::Join, Fn::Sub, Fn::Select, Fn::Split, Fn::FindInMap). References to
 * resources stay placeholders (`<Logical.Attr>`): what CloudFormation fills in at deploy time
 * is in the right partition by construction; what the CDK app wrote is what this checks.
 */
export function resolvePseudo(template: Record<string, unknown>, region: string): Json {
  const china = region.startsWith('cn-');
  const pseudo: Record<string, string> = {
    'AWS::Partition': china ? 'aws-cn' : 'aws',
    'AWS::Region': region,
    'AWS::URLSuffix': china ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::AccountId': '123456789012',
    'AWS::StackName': 'Tanfang',
  };
  const mappings = (template.Mappings ?? {}) as Record<string, Record<string, Record<string, Json>>>;
  const str = (v: Json): string => (typeof v === 'string' ? v : JSON.stringify(v));
  const walk = (node: Json): Json => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const [key, arg] = Object.entries(node)[0] ?? [];
    if (Object.keys(node).length === 1 && key !== undefined && arg !== undefined) {
      if (key === 'Ref') return pseudo[str(arg)] ?? `<${str(arg)}>`;
      if (key === 'Fn::GetAtt') return `<${(Array.isArray(arg) ? arg : [arg]).map(str).join('.')}>`;
      if (key === 'Fn::Join') {
        const [sep, parts] = walk(arg) as [string, Json[]];
        return parts.map(str).join(sep);
      }
      if (key === 'Fn::Sub') {
        const [text, vars] = (Array.isArray(arg) ? walk(arg) : [arg, {}]) as [string, Record<string, Json>];
        return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => str(vars[name] ?? pseudo[name] ?? `<${name}>`));
      }
      if (key === 'Fn::Select') {
        const [index, list] = walk(arg) as [number, Json[]];
        return list[Number(index)] ?? null;
      }
      if (key === 'Fn::Split') {
        const [sep, text] = walk(arg) as [string, string];
        return str(text).split(sep);
      }
      if (key === 'Fn::FindInMap') {
        const [map, first, second] = (walk(arg) as Json[]).map(str);
        return walk(mappings[map!]?.[first!]?.[second!] ?? `<${map}.${first}.${second}>`);
      }
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
  };
  return walk(template as Json);
}
