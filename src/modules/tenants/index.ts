/** Tenants: the district (Kreis) and its municipalities, seeded from a district file. */
export { tenantRoutes } from './routes.ts';
export { placeRoutes } from './place-routes.ts';
export { resolvePlace, type PlaceResult } from './place.ts';
export { seedDistrict, SeedFileError, slugify, type DistrictFile } from './seed-district.ts';
export { findDistrict, findTenantBySlug, listTenants, tenantSitemap, type Tenant } from './store.ts';
export { tenantApiRoutes } from './api.ts';
