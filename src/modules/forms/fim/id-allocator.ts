/**
 * Definition ids from FIM ids. The FIM id in lower case is kept (F60000000243 -> f60000000243) so
 * that an answer can be traced back to its Datenfeld; an element used more than once in a schema
 * (FIM reuses Baukastenelemente) gets a numbered suffix, since form ids are unique per form.
 */
export class IdAllocator {
  private readonly used = new Set<string>();

  take(fimId: string): string {
    const base = IdAllocator.sanitize(fimId);
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    return id;
  }

  /** ASCII identifier `^[a-z][a-zA-Z0-9_]*$` as types.ts requires. */
  static sanitize(text: string): string {
    const cleaned = text.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    if (cleaned === '') return 'element';
    return /^[a-z]/.test(cleaned) ? cleaned : `x${cleaned}`;
  }
}
