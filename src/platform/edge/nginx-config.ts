/**
 * The reverse proxy in front of the app processes (issue 10, docs/scaling.md step 2): Debian's
 * nginx, round robin over `kreisportal serve` processes, with a per-municipality bound on the
 * anonymous reads in flight. One municipality's flood is then refused by nginx itself, in C and
 * before the request reaches Node, so it costs the app processes nothing and cannot take the
 * read slots the other municipalities need (the app's own fair gate, fair-gate.ts, stays as the
 * second line behind it).
 *
 * Only anonymous reads are bounded here (the app's class "read": GET and HEAD of catalog pages by
 * visitors without a session), in all and per municipality (`/:tenant/…`, `/gemeinden/:tenant`):
 * never an application (`/:tenant/antrag/…`), the back office, a signed-in visitor or a POST.
 * A citizen in the middle of an application is only ever shed by the app, whose waiting page
 * knows the draft (shed-answers.ts).
 *
 * With a page cache (`pageCache`), nginx also keeps the pages the app marks as cacheable for
 * shared caches (caching.ts: anonymous catalog, offer and municipality pages, `Cache-Control:
 * public`, `Vary: Cookie`; RFC 9111) and answers repeats itself. The bounds then sit behind the
 * cache, on a second server on a local socket that only the cache's misses reach: a page nginx
 * holds is served even while the municipality's reads are at their bound, and a page that has
 * expired is served stale while the app is refused or down (`stale-while-revalidate`,
 * `proxy_cache_use_stale`), so a launch-day flood of the same few pages costs the app one request
 * per page and version.
 */
import { escapeHtml } from '../views/html.ts';
import { shedMessages } from '../http/shed-answers.ts';
import { cookieNames } from '../http/request-context.ts';
import { citizenSegments, exemptPaths, staffSegments } from '../http/admission-classes.ts';

export type EdgeOptions = {
  /** Address nginx listens on, e.g. `127.0.0.1:8080` or `443 ssl` (TLS lines are the operator's). */
  listen: string;
  /** The app processes, `host:port` each. */
  upstreams: string[];
  /** The municipalities' slugs (the first path segment of their pages). */
  tenantSlugs: string[];
  /** Anonymous reads in flight per app process (the app's ADMISSION_READ_SLOTS, default 64). */
  anonymousReadsPerProcess: number;
  /**
   * Anonymous reads of one municipality in flight per app process. Small on purpose: a process
   * on 2 cores reaches 97% of its read throughput at 8 concurrent requests (the mixed-read sweep of
   * docs/benchmarks.md), and every request in flight beyond that only makes the others wait behind
   * it on the one event loop — a flooding municipality's requests included.
   */
  tenantReadsPerProcess: number;
  /** Seconds in the Retry-After of the shed page. */
  retryAfterSeconds: number;
  clientMaxBodySize: string;
  /** Extra lines in the locations that proxy to the app (the scale test names the answering process). */
  extraProxyLines?: string[];
  /** nginx's cache of anonymous pages; absent: no cache, every request goes to the app. */
  pageCache?: PageCacheOptions | undefined;
};

export type PageCacheOptions = {
  /** A directory only nginx's workers write to (Debian: /var/cache/nginx/kreisportal). */
  directory: string;
  /** The most the cache may take on disk, in nginx's size syntax (default `512m`). */
  maxSize?: string;
  /** A local socket for the bounded second server (the cache's misses). */
  boundsSocket: string;
};

const defaultPageCacheSize = '512m';

export const defaultEdgeOptions = { anonymousReadsPerProcess: 64, tenantReadsPerProcess: 8, retryAfterSeconds: 10, clientMaxBodySize: '20m' } as const;

const slugPattern = /^[a-z0-9-]+$/;
const upstreamPattern = /^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$/;
const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Anonymous reads in flight over all processes, and of them per municipality. */
export function edgeBounds(options: Pick<EdgeOptions, 'upstreams' | 'anonymousReadsPerProcess' | 'tenantReadsPerProcess'>): { anonymous: number; perTenant: number } {
  const processes = options.upstreams.length;
  return { anonymous: options.anonymousReadsPerProcess * processes, perTenant: Math.min(options.tenantReadsPerProcess, options.anonymousReadsPerProcess) * processes };
}

/**
 * The two `map`s: whether a request is an anonymous read (the app's class "read",
 * admission-classes.ts, from the same path lists) and, if so, of which municipality. A value of
 * "" is not counted: nginx's limit_conn skips requests whose key is empty.
 */
function readMaps(slugs: string[]): string {
  const exempt = [...exemptPaths].map((path) => regexEscape(path.slice(1))).join('|');
  const ownPages = [...staffSegments, ...citizenSegments].join('|');
  // A session cookie means a signed-in visitor: never bounded here (their pages are not cacheable either).
  const anonymous = `  map "$request_method:$cookie_${cookieNames.session}:$uri" $kreisportal_anonymous_read {
    default "";
    "~^(?:GET|HEAD)::/(?!assets/|(?:${exempt})$|(?:${ownPages})(?:/|$)|api/v1/cases(?:/|$)|[^/]+/antrag(?:/|$))" "anonymous";
  }`;
  if (slugs.length === 0) return anonymous;
  return `${anonymous}
  map "$kreisportal_anonymous_read:$uri" $kreisportal_read_tenant {
    default "";
    "~^anonymous:/(?:gemeinden/)?(?<kreisportal_tenant>${slugs.join('|')})(?:/|$)" $kreisportal_tenant;
  }`;
}

/**
 * Text as the body of a double-quoted nginx string: backslash, quote and line breaks escaped. A
 * `$` would start a variable, and nginx strings have no escape for it; the page has none.
 */
export function nginxString(text: string): string {
  if (text.includes('$')) throw new Error('The busy page must not contain "$" (nginx would read a variable)');
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  // nginx reads one configuration value into a 4 KiB buffer ("too long parameter" beyond it).
  if (Buffer.byteLength(escaped) > 4000) throw new Error('The busy page is too long for one nginx string (4 KiB)');
  return escaped;
}

/**
 * The `http` block content: the maps, the limit zones, the upstream and the server. Debian's
 * /etc/nginx/conf.d/*.conf files are included inside `http`, so this is such a file.
 */
export function renderEdgeHttpBlock(options: EdgeOptions): string {
  for (const slug of options.tenantSlugs) if (!slugPattern.test(slug)) throw new Error(`Not a municipality slug: ${slug}`);
  for (const upstream of options.upstreams) if (!upstreamPattern.test(upstream)) throw new Error(`Not host:port: ${upstream}`);
  // Letters, digits, address punctuation and spaces ("443 ssl"): never a ';' or '{' that would end the directive.
  if (!/^[A-Za-z0-9.:[\] _-]+$/.test(options.listen)) throw new Error(`Not a listen address: ${options.listen}`);
  if (options.upstreams.length === 0) throw new Error('At least one app process (host:port) is needed');
  if (!Number.isInteger(options.anonymousReadsPerProcess) || options.anonymousReadsPerProcess < 1) throw new Error('anonymousReadsPerProcess must be a whole number ≥ 1');
  if (!Number.isInteger(options.tenantReadsPerProcess) || options.tenantReadsPerProcess < 1) throw new Error('tenantReadsPerProcess must be a whole number ≥ 1');
  const cache = options.pageCache;
  if (cache) {
    for (const file of [cache.directory, cache.boundsSocket]) if (!/^\/[A-Za-z0-9._/-]+$/.test(file)) throw new Error(`Not an absolute path nginx can take: ${file}`);
    if (cache.maxSize !== undefined && !/^\d+[kmg]?$/.test(cache.maxSize)) throw new Error(`Not an nginx size: ${cache.maxSize}`);
  }
  const bounds = edgeBounds(options);
  const perTenant = options.tenantSlugs.length > 0;
  const limits = `    limit_conn kreisportal_anonymous_reads ${bounds.anonymous};
${perTenant ? `    limit_conn kreisportal_tenant_reads ${bounds.perTenant};\n` : ''}    limit_conn_status 503;
    limit_conn_log_level warn;
    # Only nginx's own 503 (a limit) gets this page: the app's answers pass as they are
    # (proxy_intercept_errors is off), so its waiting pages for citizens stay its own. The page
    # is part of the configuration, answered from memory: a refusal opens no file (a third less
    # of nginx's CPU per refusal than a static file, measured at 9,600 refusals/s).
    error_page 503 @kreisportal_busy;
    location @kreisportal_busy {
      default_type "text/html; charset=utf-8";
      add_header Retry-After ${options.retryAfterSeconds} always;
      add_header Cache-Control "no-store" always;
      add_header X-Content-Type-Options nosniff always;
      return 503 "${nginxString(edgeShedPage(options.retryAfterSeconds))}";
    }`;
  const extra = (options.extraProxyLines ?? []).map((line) => `      ${line}\n`).join('');
  const proxyTo = (upstream: string, forwarded: string) => `      proxy_pass http://${upstream};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
${forwarded}${extra}`;
  const forwardedHere = `      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
`;
  const zones = `${readMaps(options.tenantSlugs)}
  # Anonymous reads in flight, in all and per municipality; the zones are shared by all nginx workers.
  limit_conn_zone $kreisportal_anonymous_read zone=kreisportal_anonymous_reads:1m;
${perTenant ? '  limit_conn_zone $kreisportal_read_tenant zone=kreisportal_tenant_reads:1m;\n' : ''}  upstream kreisportal {
${options.upstreams.map((upstream) => `    server ${upstream};`).join('\n')}
    keepalive 64;
  }
`;
  if (!cache) {
    return `${zones}  server {
    listen ${options.listen};
    client_max_body_size ${options.clientMaxBodySize};
${limits}
    location / {
${proxyTo('kreisportal', forwardedHere)}    }
  }
`;
  }
  return `${zones}  # The bounded second server: only anonymous reads the cache could not answer come here.
  # Connections to it are kept open and its queue is long: under a flood, a full queue on a local
  # socket fails a connect at once (EAGAIN), and nginx would answer 502 (measured: a fifth of the
  # requests at 27,000/s with nginx's default queue of 511 and 64 kept connections).
  upstream kreisportal_bounded {
    server unix:${cache.boundsSocket};
    keepalive 1024;
  }
  map $kreisportal_anonymous_read $kreisportal_next {
    default kreisportal;
    anonymous kreisportal_bounded;
  }
  # Keys in memory (16 MB hold about 128,000 pages), pages on disk; unused pages go after an hour.
  proxy_cache_path ${cache.directory} levels=1:2 keys_zone=kreisportal_pages:16m max_size=${cache.maxSize ?? defaultPageCacheSize} inactive=1h use_temp_path=off;
  server {
    listen unix:${cache.boundsSocket} backlog=4096;
    client_max_body_size ${options.clientMaxBodySize};
${limits}
    location / {
${proxyTo('kreisportal', `      proxy_set_header X-Forwarded-For $http_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $http_x_forwarded_proto;
`)}    }
  }
  server {
    listen ${options.listen};
    client_max_body_size ${options.clientMaxBodySize};
    location / {
      # What the app marks public (Cache-Control, Vary: Cookie) is kept; a response that sets a
      # cookie, says private or no-store, or names no lifetime is not (RFC 9111 §3). A visitor
      # with a session never gets or leaves a cached page.
      proxy_cache kreisportal_pages;
      # A kept page's file stays open between hits instead of being opened, read and closed for
      # each (nginx's CPU per hit a quarter to a third lower, measured at 15,000 hits/s). Safe with
      # the cache: on every hit nginx compares the open file's inode with the one its keys zone
      # records, so a page replaced by a newer copy is opened anew, never read from the old file.
      # 256 descriptors per worker hold a launch day's hot pages and stay within the 1,024 open
      # files a systemd service gets by default, beside Debian's 768 worker_connections.
      open_file_cache max=256 inactive=20s;
      proxy_cache_key $scheme$http_host$request_uri;
      proxy_cache_bypass $cookie_${cookieNames.session};
      proxy_no_cache $cookie_${cookieNames.session};
      # An expired page is asked again with its ETag (a 304 costs the app no page) in the
      # background, while the visitors get the page they would have got a moment ago. No
      # proxy_cache_lock: nginx cannot know a page is uncacheable before the app answers, and its
      # waiters look again only every 500 ms, so the same search asked twice at once would wait.
      proxy_cache_revalidate on;
      proxy_cache_background_update on;
      proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
      add_header X-Cache-Status $upstream_cache_status;
${proxyTo('$kreisportal_next', forwardedHere)}    }
  }
`;
}

/**
 * A whole nginx.conf that runs nginx in the foreground with everything under `prefix` (tests,
 * the benchmark, or an operator trying it out): `nginx -p PREFIX -c PREFIX/nginx.conf`.
 */
export function renderStandaloneNginxConfig(options: EdgeOptions, prefix: string, workerProcesses: number | 'auto' = 'auto'): string {
  return standaloneNginxConfig(renderEdgeHttpBlock(options), prefix, workerProcesses);
}

/** The foreground nginx.conf around the content of an `http` block. */
export function standaloneNginxConfig(httpBlock: string, prefix: string, workerProcesses: number | 'auto' = 'auto'): string {
  return `daemon off;
worker_processes ${workerProcesses};
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
${httpBlock}}
`;
}

/**
 * The page nginx sends when it refuses a read: German first, English after it, plain HTML with no
 * script and no external resource (it must not cost the app a request), readable without CSS.
 */
export function edgeShedPage(retryAfterSeconds: number): string {
  const part = (locale: 'de' | 'en') => {
    const t = shedMessages[locale];
    return `<section lang="${locale}">
<h${locale === 'de' ? 1 : 2}>${escapeHtml(t.title)}</h${locale === 'de' ? 1 : 2}>
<p role="status">${escapeHtml(t.read.replace('{seconds}', String(retryAfterSeconds)))}</p>
<p><a href="/">${escapeHtml(t.home)}</a></p>
</section>`;
  };
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(shedMessages.de.title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#171a1f}a{color:#0b4e9c}</style>
</head>
<body>
<main>
${part('de')}
${part('en')}
</main>
</body>
</html>
`;
}
