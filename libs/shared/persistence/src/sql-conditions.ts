/** Builds a WHERE clause whose `?` placeholders become numbered parameters, in order. */
export function sqlConditions() {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]): void => {
    let text = sql;
    for (const value of values) {
      params.push(value);
      text = text.replace('?', `$${params.length}`);
    }
    where.push(text);
  };
  /** Appends a parameter and returns its placeholder. */
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const clause = (): string => (where.length ? `WHERE ${where.join(' AND ')}` : '');
  return { where, params, add, param, clause };
}

export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
