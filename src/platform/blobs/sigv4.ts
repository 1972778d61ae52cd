/**
 * AWS Signature Version 4 for S3 requests, as specified in the Amazon S3 API Reference,
 * "Authenticating Requests (AWS Signature Version 4)", header-based authentication with a signed
 * payload: the body's SHA-256 travels in `x-amz-content-sha256` and is part of the signature,
 * so the object store rejects a body changed on the way. Every S3-compatible store (MinIO,
 * Ceph RGW, Garage, the big clouds) accepts this form.
 */
import crypto from 'node:crypto';

export type Credentials = { accessKeyId: string; secretAccessKey: string };

export type SignInput = {
  method: string;
  url: URL;
  /** Extra headers to sign (lowercase names); `host`, `x-amz-date` and `x-amz-content-sha256` are added. */
  headers?: Record<string, string>;
  /** Hex SHA-256 of the body (of the empty string for GET, HEAD and DELETE). */
  payloadSha256: string;
  region: string;
  credentials: Credentials;
  now?: Date;
  service?: string;
};

const hmac = (key: crypto.BinaryLike, data: string) => crypto.createHmac('sha256', key).update(data).digest();
const hex = (data: string) => crypto.createHash('sha256').update(data).digest('hex');

/** RFC 3986 unreserved characters stay, everything else is %XX (uppercase), as SigV4 requires. */
function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The request headers with `Authorization`; send exactly these (the host header is the URL's). */
export function signRequest(input: SignInput): Record<string, string> {
  const now = input.now ?? new Date();
  const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const service = input.service ?? 's3';
  const headers: Record<string, string> = { ...input.headers, host: input.url.host, 'x-amz-date': amzDate, 'x-amz-content-sha256': input.payloadSha256 };
  const names = Object.keys(headers).map((name) => name.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value.trim().replace(/\s+/g, ' ')]));
  // S3 signs the path as sent: each segment URI-encoded once, slashes kept.
  const canonicalUri = input.url.pathname.split('/').map((segment) => uriEncode(decodeURIComponent(segment))).join('/');
  const canonicalRequest = [
    input.method,
    canonicalUri,
    canonicalQuery(input.url),
    names.map((name) => `${name}:${lower[name]}\n`).join(''),
    names.join(';'),
    input.payloadSha256,
  ].join('\n');
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), service), 'aws4_request');
  const signature = crypto.createHmac('sha256', key).update(stringToSign).digest('hex');
  // fetch sends the host header itself, from the URL that was signed.
  const sent: Record<string, string> = { ...headers };
  delete sent.host;
  return {
    ...sent,
    authorization: `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
