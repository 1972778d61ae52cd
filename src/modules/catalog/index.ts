/** Service catalog: OZG Themenfelder, Lebenslagen and Leistungen, and the LeiKa services below them. */
export { CatalogSourceError } from './catalog-source-error.ts';
export { defaultCatalogDir, importCatalog, type CatalogImportResult } from './import-catalog.ts';
export { summariseCatalogImport } from './import-summary.ts';
export type { TableCounts } from './sync-table.ts';
export type { Law, LegalReference } from './legal-basis.ts';
export { isLeikaKey, localKey } from './service-key.ts';
export { catalogSlug } from './slug.ts';
export { countServices, findServiceByKey, findServiceBySlug, listLebenslagen, type Lebenslage, type Service } from './store.ts';
export { catalogPageRoutes, type ResponsibilityPanel } from './pages/routes.ts';
export { catalogSitemap } from './pages/browse-store.ts';
export { catalogApiRoutes } from './api.ts';
export { catalogSearchRoutes, searchPath, searchServices, suggestServices, serviceSearchForm, type SearchResult, type ServiceHit, type Suggestion } from './search/index.ts';
