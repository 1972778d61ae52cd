import { html, trustedHtml, type SafeHtml } from '../../platform/views/html.ts';
import { absoluteOnlineUrl } from './form-parsing.ts';
import { schemaOrgDays, type Weekday } from './opening-hours.ts';
import type { Office, Offer, TenantRef } from './types.ts';

/**
 * schema.org `GovernmentService` for an offer page, for search engines and assistants.
 * Embedded as a JSON data block (`<script type="application/ld+json">`): a script element whose
 * type is not a JavaScript MIME type is never executed (HTML Standard, "data block"), so the
 * Content Security Policy's `script-src 'self'` neither blocks it nor has to allow it.
 */
export function governmentServiceJsonLd(input: {
  url: string;
  /** BASE_URL: an online application of this platform is stored as a path and given absolute here. */
  baseUrl: string;
  serviceName: string;
  serviceKey: string;
  offer: Offer;
  provider: TenantRef;
  office: Office | null;
  areaServed: TenantRef;
}): Record<string, unknown> {
  const { offer, office } = input;
  const address = office
    ? { '@type': 'PostalAddress', streetAddress: office.street, postalCode: office.postcode, addressLocality: office.city, addressCountry: 'DE' }
    : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    name: input.serviceName,
    url: input.url,
    identifier: { '@type': 'PropertyValue', propertyID: 'LeiKa-Leistungsschlüssel', value: input.serviceKey },
    serviceOperator: { '@type': 'GovernmentOrganization', name: input.provider.officialName },
    provider: {
      '@type': 'GovernmentOrganization',
      name: input.provider.officialName,
      ...(office?.website ? { url: office.website } : {}),
    },
    areaServed: { '@type': input.areaServed.kind === 'kreis' ? 'AdministrativeArea' : 'City', name: input.areaServed.name },
    ...(offer.feeCents !== null
      ? { offers: { '@type': 'Offer', price: (offer.feeCents / 100).toFixed(2), priceCurrency: 'EUR', ...(offer.feeText ? { description: offer.feeText } : {}) } }
      : {}),
    availableChannel: [
      ...(office
        ? [
            {
              '@type': 'ServiceChannel',
              name: office.name,
              ...(office.phone ? { servicePhone: { '@type': 'ContactPoint', telephone: office.phone } } : {}),
              serviceLocation: {
                '@type': 'GovernmentOffice',
                name: `${input.provider.officialName} – ${office.name}`,
                address,
                ...(office.phone ? { telephone: office.phone } : {}),
                ...(office.email ? { email: office.email } : {}),
                openingHoursSpecification: office.openingHours.map((interval) => ({
                  '@type': 'OpeningHoursSpecification',
                  dayOfWeek: schemaOrgDays[interval.day as Weekday],
                  opens: interval.opens,
                  closes: interval.closes,
                })),
              },
            },
          ]
        : []),
      ...(offer.onlineAvailable && offer.onlineUrl ? [{ '@type': 'ServiceChannel', name: 'Online', serviceUrl: absoluteOnlineUrl(offer.onlineUrl, input.baseUrl) }] : []),
    ],
  };
}

/**
 * The JSON as a data block. `<`, `>` and `&` become \u escapes, so no value can close the
 * element (`</script>`) or start a comment; U+2028/2029 are escaped for old JSON parsers.
 */
export function jsonLdScript(data: unknown): SafeHtml {
  const json = JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return html`<script type="application/ld+json">${trustedHtml(json)}</script>`;
}
