/**
 * Offers (Angebote), offices (Dienststellen) and responsibility (Zuständigkeit): how each tenant
 * provides the catalog's services, and which tenant serves which municipality's residents.
 */
export { offerRoutes } from './routes.ts';
export { officeRoutes } from './office-admin-routes.ts';
export { resolveResponsibility, type Responsibility } from './responsibility.ts';
export { findOffer, findOfferOrObjectOffer, leistungsobjektKey, listOffersOfService } from './offer-store.ts';
export { findOffice } from './office-store.ts';
export { listRules, removeResponsibilityRule, setResponsibilityRule, type RuleInput } from './responsibility-rules.ts';
export type { ResponsibilityRule } from './rules-store.ts';
export { seedDemoOffers, type DemoSeedResult } from './seed-demo-offers.ts';
export { demoSeedAccount, seedDemoForms, type DemoFormsResult } from './seed-demo-forms.ts';
export { defaultDemoOffersFile, DemoOffersFileError } from './demo-seed-file.ts';
export { OffersAccessError, editorRoles, type EditorScope } from './access.ts';
export { classicMaturityModel, listMaturityModels } from './maturity.ts';
export type { MaturityModel, Office, Offer, OfferInput, OfficeInput, TenantRef } from './types.ts';
export { offerSitemap, renderResponsibilityPanel } from './responsibility-panel.ts';
export { offerApiRoutes } from './api.ts';
