import { TEMPLATE_IDS } from '../../shared/domain/sms/catalogue';

/** A code for every template in the provider's format (Aliyun SMS_…, Tencent digits), as a region that filed them all would have. */
export function exampleTemplateCodes(provider: 'aliyun' | 'tencent', ids: readonly string[] = TEMPLATE_IDS): Record<string, string> {
  return Object.fromEntries(ids.map((id, i) => [id, provider === 'aliyun' ? `SMS_${300100 + i}` : String(3100100 + i)]));
}
