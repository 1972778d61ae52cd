/**
 * The classes of admission control (admission.ts) and what is read off a request's method and
 * path to sort it: its class, its municipality, and where a shed citizen continues.
 */
import { noTenant } from './fair-gate.ts';

export type RequestClass = 'read' | 'citizen' | 'staff';

/** Paths outside admission control (probes, metrics, static files under /assets/). */
export const exemptPaths: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico', '/robots.txt']);
/** First path segments of the back office. */
export const staffSegments: readonly string[] = ['verwaltung', 'kooperation'];
/** First path segments of a citizen's own pages (besides `/:tenant/antrag/…`). */
export const citizenSegments: readonly string[] = ['antraege', 'konto'];

export function pathOf(url: string): string {
  const end = url.indexOf('?');
  return end < 0 ? url : url.slice(0, end);
}

/** Which class a request belongs to, from method and path alone (nothing is read or looked up). */
export function classify(method: string, url: string): RequestClass | undefined {
  const path = pathOf(url);
  if (exemptPaths.has(path) || path.startsWith('/assets/')) return undefined;
  const [first, second] = path.split('/').slice(1);
  if (first !== undefined && staffSegments.includes(first)) return 'staff';
  // The case API is back-office work by a municipality's software (src/modules/cases/api).
  if (first === 'api' && second === 'v1' && path.split('/')[3] === 'cases') return 'staff';
  if (second === 'antrag' || (first !== undefined && citizenSegments.includes(first))) return 'citizen';
  if (method !== 'GET' && method !== 'HEAD') return 'citizen';
  return 'read';
}

/** The municipality a request is about: the first path segment, or the second of `/antraege/:tenant`. */
export function tenantOf(url: string, tenantSlugs: ReadonlySet<string>): string {
  const [first, second] = pathOf(url).split('/').slice(1);
  if (first && tenantSlugs.has(first)) return first;
  if ((first === 'antraege' || first === 'gemeinden') && second && tenantSlugs.has(second)) return second;
  return noTenant;
}

/** Where a shed citizen continues: the page that shows the saved draft (GET), never a repeated POST. */
export function retryPath(method: string, url: string): string {
  const path = pathOf(url);
  if (method === 'GET' || method === 'HEAD') return url;
  const application = /^(\/[a-z0-9-]+\/antrag\/[a-z0-9-]+)(\/.*)?$/.exec(path);
  if (!application) return path;
  const [, base, rest = ''] = application;
  if (rest === '/absenden') return `${base}/pruefen`;
  const step = /^\/schritt\/[A-Za-z0-9_-]+/.exec(rest);
  if (step) return `${base}${step[0]}`;
  if (rest.startsWith('/fortsetzen')) return `${base}/fortsetzen`;
  return `${base}${rest === '/speichern' ? rest : ''}`;
}
