import type { Tx } from '../db';

/**
 * Forgets what the pilots' console no longer needs (the periodic sweep): sessions past their
 * expiry, and sign-in links and OpenID Connect attempts that expired before `before` (kept a
 * while after their expiry so that a late click is told « expired » or « already used », not
 * « unknown »). Returns how many rows of each.
 */
export async function purgeConsoleSignIns(
  tx: Tx,
  o: { now: Date; before: Date },
): Promise<{ sessions: number; links: number; oidcAttempts: number }> {
  const sessions = await tx.consoleSession.deleteMany({ where: { expiresAt: { lt: o.now } } });
  const links = await tx.consoleSignInLink.deleteMany({ where: { expiresAt: { lt: o.before } } });
  const attempts = await tx.consoleOidcAttempt.deleteMany({
    where: { expiresAt: { lt: o.before } },
  });
  return { sessions: sessions.count, links: links.count, oidcAttempts: attempts.count };
}
