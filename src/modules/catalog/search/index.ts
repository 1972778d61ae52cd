/** Finding services: the search over the catalog, its pages and the reusable search form. */
export { catalogSearchRoutes } from './routes.ts';
export { searchServices, suggestServices, type SearchOptions, type SearchResult, type ServiceHit, type Suggestion } from './search.ts';
export { searchPath, serviceSearchForm, type SearchFormOptions } from './search-form.ts';
