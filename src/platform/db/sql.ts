/**
 * A tagged template for parameterised SQL: `sql\`select * from t where id = ${id}\``.
 * Values always travel as bind parameters ($1, $2 ...), never spliced into the text, so a
 * query built this way cannot be injected. Fragments nest; `sql.join` lists them.
 */
export class SqlFragment {
  readonly strings: readonly string[];
  readonly values: readonly unknown[];

  constructor(strings: readonly string[], values: readonly unknown[]) {
    this.strings = strings;
    this.values = values;
  }

  /** Renders to text with numbered placeholders and the flat list of values. */
  toQuery(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.render(values);
    return { text, values };
  }

  private render(values: unknown[]): string {
    let text = this.strings[0] ?? '';
    this.values.forEach((value, index) => {
      if (value instanceof SqlFragment) {
        text += value.render(values);
      } else {
        values.push(value);
        text += `$${values.length}`;
      }
      text += this.strings[index + 1] ?? '';
    });
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  return new SqlFragment(strings, values);
}

/** Joins fragments (or values, as parameters) with a separator: `sql.join(ids, sql`, `)`. */
sql.join = function join(parts: readonly unknown[], separator: SqlFragment = sql`, `): SqlFragment {
  if (parts.length === 0) return sql``;
  const strings = [''];
  const values: unknown[] = [];
  parts.forEach((part, index) => {
    if (index > 0) {
      values.push(separator);
      strings.push('');
    }
    values.push(part);
    strings.push('');
  });
  return new SqlFragment(strings, values);
};

const identifierPattern = /^[a-z_][a-z0-9_]*$/;

/** A trusted identifier (table, column); only lower-case names are accepted. */
sql.identifier = function identifier(name: string): SqlFragment {
  if (!identifierPattern.test(name)) throw new Error(`Not a safe SQL identifier: ${name}`);
  return new SqlFragment([`"${name}"`], []);
};

/** Trusted SQL text written by the developer (e.g. a migration file), never user input. */
sql.unsafe = function unsafe(text: string): SqlFragment {
  return new SqlFragment([text], []);
};
