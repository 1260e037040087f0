/**
 * What to log about a failure. discord.js errors carry the request URL and body, and an interaction's
 * URL holds its token, so only these fields reach the log.
 */
export function errorFields(err: unknown): { err: Record<string, unknown> } {
  if (!(err instanceof Error)) return { err: { message: String(err) } };
  const { code, status } = err as { code?: unknown; status?: unknown };
  return { err: { name: err.name, message: err.message, code, status, stack: err.stack } };
}
