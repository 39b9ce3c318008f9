import { areaLevel, isWithin } from './area-code';

/** What a deployment serves: its area (GB/T 2260) and the counties in it. */
export interface Deployment {
  area: string;
  counties: readonly string[];
}

/**
 * Why an area code lies outside the deployment, or undefined when it is inside. A county,
 * township or village must be in one of the served counties; a city or province code must be
 * the deployment's own area or inside it (a Shenzhen village in the Sichuan deployment is
 * another office's elder, never ours to store).
 */
export function outsideDeployment(code: string, deployment: Deployment): string | undefined {
  const level = areaLevel(code);
  if (level === 'city' || level === 'province') {
    return isWithin(code, deployment.area) ? undefined : `area ${code} is outside this deployment (${deployment.area})`;
  }
  if (deployment.counties.includes(code.slice(0, 6))) return undefined;
  return `area ${code} is outside this deployment, which serves ${deployment.counties.length === 1 ? 'county' : 'counties'} ${deployment.counties.join(', ')}`;
}
