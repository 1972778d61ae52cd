/**
 * One applicant's browser against a real server over HTTP: cookies, the CSRF token of the last
 * page, urlencoded and multipart posts. `apply` walks the fault form to the receipt and reports
 * whether the server acknowledged the submission (303 to its receipt) and with which reference.
 */
import crypto from 'node:crypto';
import { faultFormSlug } from './instance.ts';

export type Attempt = { acknowledged: boolean; reference: string | undefined; error: string | undefined };

class Browser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  private readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  private remember(response: Response, body: string): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
    if (token) this.csrf = token;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '), origin: this.origin, ...extra };
  }

  async get(path: string): Promise<Response> {
    const response = await fetch(`${this.origin}${path}`, { headers: this.headers(), redirect: 'manual' });
    this.remember(response, await response.text());
    return response;
  }

  async post(path: string, fields: Record<string, string>): Promise<Response> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...fields }).toString();
    const response = await fetch(`${this.origin}${path}`, {
      method: 'POST',
      body,
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      redirect: 'manual',
    });
    this.remember(response, await response.text());
    return response;
  }

  async upload(path: string, field: string, name: string, data: Buffer): Promise<Response> {
    const form = new FormData();
    form.append('_csrf', this.csrf);
    form.append(field, new Blob([data], { type: 'application/pdf' }), name);
    const response = await fetch(`${this.origin}${path}`, { method: 'POST', body: form, headers: this.headers(), redirect: 'manual' });
    this.remember(response, await response.text());
    return response;
  }
}

/** A small, real-looking PDF header with unique content: each submission has its own blob. */
export function uniquePdf(): Buffer {
  return Buffer.concat([Buffer.from('%PDF-1.7\n% Nachweis\n'), crypto.randomBytes(512)]);
}

function expect(response: Response, status: number, step: string): void {
  if (response.status !== status) throw new Error(`${step}: HTTP ${response.status}`);
}

export async function apply(origin: string, number: number): Promise<Attempt> {
  const browser = new Browser(origin);
  const base = `/detmold/antrag/${faultFormSlug}`;
  try {
    // The CSRF token is bound to the browser, not the page: one page read is enough for the walk.
    expect(await browser.get(base), 200, 'start page');
    expect(await browser.post(base, {}), 303, 'start');
    expect(await browser.post(`${base}/schritt/person`, { vorname: 'Erika', nachname: `Nummer ${number}` }), 303, 'person');
    expect(await browser.upload(`${base}/schritt/datei`, 'nachweis', `nachweis-${number}.pdf`, uniquePdf()), 303, 'upload');
    const sent = await browser.post(`${base}/absenden`, { erklaerung: 'ja' });
    expect(sent, 303, 'absenden');
    const reference = /\/eingang\/([A-Z0-9-]+)$/.exec(sent.headers.get('location') ?? '')?.[1];
    return { acknowledged: reference !== undefined, reference, error: reference ? undefined : 'no receipt address' };
  } catch (error) {
    return { acknowledged: false, reference: undefined, error: (error as Error).message };
  }
}
