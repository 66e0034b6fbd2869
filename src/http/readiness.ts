/** Longest a readiness probe waits for the database: a probe that hangs tells an orchestrator nothing. */
export const PING_TIMEOUT_MS = 2000;

/**
 * Why the database did not answer, in words an operator can act on, without its host, user or
 * statement: the error's code (ECONNREFUSED, 57P01, …) and what it means.
 */
export function databaseReason(error: unknown): string {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof e?.cause?.code === 'string' ? e.cause.code : typeof e?.code === 'string' ? e.code : null;
  if (code === 'PING_TIMEOUT') return `the database did not answer within ${PING_TIMEOUT_MS} ms`;
  if (!code) return 'the database did not answer';
  if (/^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|CONNECT_TIMEOUT)$/.test(code)) {
    return `the database cannot be reached (${code})`;
  }
  if (/^(ECONNRESET|EPIPE|CONNECTION_CLOSED|CONNECTION_ENDED|CONNECTION_DESTROYED|57P0[123])$/.test(code)) {
    return `the connection to the database was lost (${code})`;
  }
  if (code === '28P01' || code === '28000') return `the database refused the credentials (${code})`;
  if (code === '3D000') return `the database does not exist (${code})`;
  return `the database answered with an error (${code})`;
}

/** `ping`, failed with code PING_TIMEOUT when it takes longer than PING_TIMEOUT_MS. */
export async function pingWithin(ping: () => Promise<void>, timeoutMs = PING_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('ping timed out'), { code: 'PING_TIMEOUT' })), timeoutMs);
  });
  try {
    await Promise.race([ping(), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** `/ready`'s answer: JSON saying whether this server serves, and if not, why. */
export function readinessResponse(reason: string | null): Response {
  return Response.json(reason ? { ready: false, reason } : { ready: true }, {
    status: reason ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
}
