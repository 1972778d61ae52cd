import { html, type HtmlValue, type SafeHtml } from './html.ts';
import { platformMessages } from '../i18n/platform-messages.ts';
import { translator, type Locale } from '../i18n/i18n.ts';
import { assetUrl } from './assets.ts';

/** What every page needs to know about the request it answers. */
export type PageContext = {
  locale: Locale;
  /** Path and query of the current page, to come back to after switching language. */
  path: string;
  csrfToken: string;
  districtName: string;
  /** The visitor's chosen place of residence, shown on every page and changeable anywhere. */
  place: { slug: string; name: string } | null;
  user: { displayName: string; kind: 'citizen' | 'staff' } | null;
};

export type PageOptions = {
  title: string;
  content: HtmlValue;
  /** Prefixes the title with "Fehler:" so screen reader users hear it first (GOV.UK pattern). */
  hasErrors?: boolean;
  /** Absolute canonical URL, for pages reachable under several addresses (search engines). */
  canonical?: string;
  /** Extra elements for the head, e.g. structured data (JSON-LD). */
  head?: SafeHtml;
};

/**
 * The page frame: skip link (WCAG 2.4.1), official-site bar, header with the district's name,
 * navigation, language switch, main landmark and footer with the legal pages every German
 * public website must link (Impressum § 5 DDG, Datenschutz Art. 13 DSGVO, Erklärung zur
 * Barrierefreiheit § 12b BGG / BITV 2.0).
 */
export function layout(context: PageContext, options: PageOptions): SafeHtml {
  const t = translator(platformMessages, context.locale);
  const otherLocale: Locale = context.locale === 'de' ? 'en' : 'de';
  const switchHref = `/sprache/${otherLocale}?zurueck=${encodeURIComponent(context.path)}`;
  const title = `${options.hasErrors ? `${t('site.errorPrefix')}: ` : ''}${options.title} – ${t('site.name')} ${context.districtName}`;
  return html`<!doctype html>
<html lang="${context.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="${assetUrl('kern.css')}">
<link rel="stylesheet" href="${assetUrl('app.css')}">
${options.canonical ? html`<link rel="canonical" href="${options.canonical}">` : ''}
${options.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${t('site.skipLink')}</a>
<div class="kern-kopfzeile">
  <div class="kern-container kern-kopfzeile__content">
    <span class="kern-kopfzeile__flagge" aria-hidden="true"></span>
    <span class="kern-kopfzeile__label">${t('site.official', { district: context.districtName })}</span>
  </div>
</div>
<header class="site-header">
  <div class="kern-container site-header__inner">
    <a class="site-header__title" href="/">${t('site.name')} <span>${context.districtName}</span></a>
    <nav class="site-header__nav" aria-label="${t('site.nav')}">
      <ul class="site-header__list">
        ${context.user
          ? html`<li><a class="kern-link" href="${context.user.kind === 'staff' ? '/verwaltung' : '/konto'}">${context.user.kind === 'staff' ? t('site.backOffice') : t('site.account')}</a></li>
        <li><form method="post" action="/abmelden" class="inline-form"><input type="hidden" name="_csrf" value="${context.csrfToken}"><button type="submit" class="link-button">${t('site.logout')}</button></form></li>`
          : html`<li><a class="kern-link" href="/anmelden">${t('site.login')}</a></li>`}
        <li><a class="kern-link" href="${switchHref}" lang="${otherLocale}" hreflang="${otherLocale}" title="${t('site.languageSwitchHint')}">${t('site.languageSwitch')}</a></li>
      </ul>
    </nav>
  </div>
</header>
<div class="place-bar">
  <div class="kern-container">
    ${context.place
      ? html`<p class="kern-body kern-body--small">${t('place.current')} <strong>${context.place.name}</strong> · <a class="kern-link" href="/wohnort?zurueck=${encodeURIComponent(context.path)}">${t('place.change')}</a></p>`
      : html`<p class="kern-body kern-body--small"><a class="kern-link" href="/wohnort?zurueck=${encodeURIComponent(context.path)}">${t('place.choose')}</a></p>`}
  </div>
</div>
<main id="main" class="kern-container site-main" tabindex="-1">
${options.content}
</main>
<footer class="site-footer">
  <div class="kern-container">
    <h2 class="kern-sr-only">${t('site.footer')}</h2>
    <ul class="site-footer__list">
      <li><a class="kern-link" href="/impressum">${t('site.imprint')}</a></li>
      <li><a class="kern-link" href="/datenschutz">${t('site.privacy')}</a></li>
      <li><a class="kern-link" href="/barrierefreiheit">${t('site.accessibility')}</a></li>
    </ul>
  </div>
</footer>
</body>
</html>`;
}
