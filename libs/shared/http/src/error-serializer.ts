/**
 * An error as the logs may carry it. A database error (TypeORM's QueryFailedError, node-postgres's
 * DatabaseError) keeps its class, SQLSTATE and the names of what it concerns (constraint, table,
 * column, routine) and loses everything that can hold a value: the SQL text (the unit of work
 * writes parameters into it as literals), the parameters, the driver's message and detail
 * (`Key (email)=(…)`, `invalid input syntax …: "…"`), and so the stack's first line. Any other error
 * keeps its class, message and stack, and its cause is treated the same way.
 */
export function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error) && (typeof error !== 'object' || error === null)) return { type: typeof error, message: String(error) };
  const e = error as Error & Record<string, unknown>;
  const type = e.constructor?.name ?? e.name ?? 'Error';
  const frames = typeof e.stack === 'string' ? e.stack.split('\n').filter((line) => /^\s+at /.test(line)).join('\n') : undefined;
  const driver = (e.driverError ?? (isDatabaseError(e) ? e : undefined)) as Record<string, unknown> | undefined;
  if (driver || 'query' in e || 'parameters' in e) {
    const sqlState = typeof driver?.code === 'string' ? driver.code : undefined;
    return {
      type,
      message: `${type}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}`,
      ...(sqlState ? { sqlState } : {}),
      ...pick(driver, ['severity', 'constraint', 'table', 'column', 'schema', 'routine']),
      ...(frames ? { stack: frames } : {}),
    };
  }
  const cause = e.cause !== undefined && depth < 3 ? { cause: serializeError(e.cause, depth + 1) } : {};
  return { type, message: e.message, ...(typeof e.stack === 'string' ? { stack: e.stack } : {}), ...cause };
}

function isDatabaseError(e: Record<string, unknown>): boolean {
  return typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === 'string';
}

function pick(source: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  if (!source) return {};
  return Object.fromEntries(keys.filter((key) => typeof source[key] === 'string').map((key) => [key, source[key]]));
}
