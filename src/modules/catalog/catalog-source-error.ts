/** A catalog source file is missing, unreadable or not shaped as expected; nothing was imported. */
export class CatalogSourceError extends Error {
  override name = 'CatalogSourceError';
}
