import type { OpeningInterval } from './opening-hours.ts';

/** A place of a tenant where citizens are served (Dienststelle). */
export type Office = {
  tenantId: string;
  id: string;
  name: string;
  street: string;
  postcode: string;
  city: string;
  openingHours: OpeningInterval[];
  openingHoursNote: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  published: boolean;
  demo: boolean;
  updatedAt: Date;
};

/** A catalog service as one tenant provides it (Angebot). */
export type Offer = {
  tenantId: string;
  serviceKey: string;
  serviceName: string;
  serviceSlug: string;
  officeId: string | null;
  /** null: no amount stated; 0: free of charge. */
  feeCents: number | null;
  feeText: string | null;
  processingTimeText: string | null;
  processingDays: number | null;
  requiredDocuments: string[];
  onlineAvailable: boolean;
  onlineUrl: string | null;
  maturityLevel: number | null;
  maturityModel: string | null;
  published: boolean;
  demo: boolean;
  updatedAt: Date;
};

/** What staff enter for an offer; the service key is fixed once the offer exists. */
export type OfferInput = Omit<Offer, 'tenantId' | 'serviceName' | 'serviceSlug' | 'updatedAt'>;

export type OfficeInput = Omit<Office, 'tenantId' | 'id' | 'updatedAt'>;

/** An OZG maturity model: a level is only meaningful with its model's name. */
export type MaturityModel = { name: string; minLevel: number; maxLevel: number; conformFrom: number | null };

/** The tenant as the offers pages show it. */
export type TenantRef = {
  id: string;
  slug: string;
  kind: 'kreis' | 'stadt' | 'gemeinde';
  name: string;
  officialName: string;
  parentId: string | null;
};
