import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { normaliseContactName, normaliseEmail } from '../domain/contact';
import { DomainError } from '../domain/errors';
import { noticeMessage } from '../domain/messages';
import { mayUseConsole } from '../domain/roles';
import { localeOf } from '../domain/locale';
import type { Locale } from '../domain/types';
import { audit } from './audit';
import { createDeliveries } from './deliveries';
import type { Actor, AppDeps } from './deps';
import type { Tx } from '../store/db';

/**
 * The pilots' console sign-in (issue [8] item 4): a pilot (a member with role pilot and an
 * e-mail address) asks for a link at /console/connexion; the link, valid 15 minutes and
 * single use, opens a session kept in Postgres.
 *
 * - **The link's token** is `<row id>.<HMAC(key, row id)>` under the deployment's link key
 *   (CONCERTO_LINK_SECRET): Postgres keeps only its SHA-256, and the outbox keeps only the row id
 *   (`concerto-signin:<id>` in the e-mail's action): the e-mail notifier computes the address when
 *   it sends (signInUrlFor), as it does for ballot links. Nobody reading the database can sign in.
 * - **No enumeration**: asking for a link answers the same whether the address is a pilot's or
 *   not; the e-mail goes only to a pilot's address, through the same outbox as every e-mail (a
 *   destination of platform `email`, workspace `console`, no organisation, not for pilots'
 *   broadcasts: retries, pacing and the .eml files of the demo come with it).
 * - **Throttled** per address and per client address (fixed windows in `invite_attempts`).
 * - **Sessions**: a random 256-bit token in an HttpOnly cookie, its SHA-256 in
 *   `console_sessions`, 12 hours; logout deletes the row. Each request re-reads the member: a
 *   pilot whose role changed is out at once.
 */
export const SIGN_IN_LINK_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 12 * 3_600_000;
/** The pseudo-address of a sign-in link in an e-mail's action, resolved at send time. */
export const SIGN_IN_LINK_SCHEME = 'concerto-signin:';

export interface SignInLimits {
  /** Requests per address per window. Default: 5. */
  perAddress: number;
  /** Requests per client (IP address) per window. Default: 20. */
  perClient: number;
  windowMs: number;
}
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  perAddress: 5,
  perClient: 20,
  windowMs: 15 * 60_000,
};

/** Who is signed in: a pilot of one Caf. */
export interface ConsolePilot {
  sessionId: string;
  memberId: string;
  tenantId: string;
  role: string;
  organisationId: string | null;
  displayName: string;
  email: string | null;
  /** The pilot's language (members.locale): the console's words follow it. */
  locale: Locale;
  tenant: { name: string; code: string; timezone: string };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const mac = (key: Buffer, linkId: string) =>
  createHmac('sha256', key).update(`console-signin:${linkId}`).digest('base64url').slice(0, 43);

function tokenOf(key: Buffer, linkId: string): string {
  return `${linkId}.${mac(key, linkId)}`;
}

function signInPath(token: string): string {
  return `/console/connexion/${token}`;
}

const TOKEN = /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/;

/**
 * `concerto pilot add`: a pilot member of the Caf with this address (created, or the member
 * who already has it becomes a pilot and takes the name given).
 */
export async function addPilot(
  deps: AppDeps,
  o: { tenantId: string; email: string; name?: string; actor: Actor },
) {
  const email = normaliseEmail(o.email);
  const name = normaliseContactName(o.name) ?? email;
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.member.findUnique({
      where: { tenantId_email: { tenantId: o.tenantId, email } },
    });
    const member = existing
      ? await tx.member.update({
          where: { id: existing.id },
          data: { role: 'pilot', organisationId: null, ...(o.name ? { displayName: name } : {}) },
        })
      : await tx.member.create({
          data: { tenantId: o.tenantId, role: 'pilot', displayName: name, email },
        });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: existing ? 'pilot.updated' : 'pilot.added',
      subjectType: 'member',
      subjectId: member.id,
    });
    return { member, created: !existing };
  });
}

/** The Caf's members who may sign in to the console, with their addresses. */
export async function listPilots(deps: AppDeps, tenantId: string) {
  const rows = await deps.db.member.findMany({
    where: { tenantId, role: 'pilot' },
    orderBy: [{ email: 'asc' }, { displayName: 'asc' }],
  });
  return rows.filter((m) => mayUseConsole(m));
}

/** Counts one request against a key's fixed window; throws when it is over the limit. */
export async function countRequest(deps: AppDeps, key: string, limit: number, windowMs: number) {
  const now = deps.now();
  const windowStartedBefore = new Date(now.getTime() - windowMs);
  const [row] = await deps.db.$queryRaw<{ count: number; window_start: Date }[]>`
    INSERT INTO invite_attempts (key, window_start, count) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN invite_attempts.window_start <= ${windowStartedBefore}
                   THEN 1 ELSE invite_attempts.count + 1 END,
      window_start = CASE WHEN invite_attempts.window_start <= ${windowStartedBefore}
                          THEN ${now} ELSE invite_attempts.window_start END
    RETURNING count, window_start`;
  if (row && row.count > limit) {
    const minutes = Math.max(
      1,
      Math.ceil((row.window_start.getTime() + windowMs - now.getTime()) / 60_000),
    );
    throw new DomainError('CONSOLE_SIGNIN_THROTTLED', { retryInMinutes: minutes });
  }
}

/**
 * /console/connexion: e-mails a sign-in link to every pilot with this address (one per Caf
 * where it is a pilot's), through the outbox. Says nothing of whether there was one.
 * Refused (CONSOLE_SIGNIN_THROTTLED) past the limits, counted before anything is looked up.
 */
export async function requestSignInLink(
  deps: AppDeps,
  o: { key: Buffer; email: string; client: string; limits?: SignInLimits },
): Promise<void> {
  const limits = o.limits ?? DEFAULT_SIGN_IN_LIMITS;
  const email = normaliseEmail(o.email);
  await countRequest(deps, `console-client:${o.client}`, limits.perClient, limits.windowMs);
  await countRequest(deps, `console-address:${sha256(email)}`, limits.perAddress, limits.windowMs);
  const members = (
    await deps.db.member.findMany({ where: { email, role: 'pilot' }, include: { tenant: true } })
  ).filter((m) => mayUseConsole(m));
  const deliveryIds: string[] = [];
  for (const member of members) {
    const ids = await deps.db.$transaction(async (tx) => {
      const link = await createLinkRow(tx, deps.now(), o.key, member);
      const destination = await tx.destination.upsert({
        where: {
          tenantId_platform_workspaceId_address: {
            tenantId: member.tenantId,
            platform: 'email',
            workspaceId: 'console',
            address: email,
          },
        },
        create: {
          tenantId: member.tenantId,
          platform: 'email',
          workspaceId: 'console',
          address: email,
          label: `Pilote : ${member.displayName}`.slice(0, 120),
        },
        update: { active: true },
      });
      return createDeliveries(tx, member.tenantId, [
        {
          destinationId: destination.id,
          dedupeKey: `console:signin:${link.id}`,
          kind: 'console.signin',
          payload: noticeMessage(
            'fr',
            `Votre lien de connexion à la console Concerto — ${member.tenant.name}`,
            [
              `Bonjour ${member.displayName},`,
              `Pour ouvrir la console des pilotes de ${member.tenant.name}, suivez le lien ci-dessous. Il est valable 15 minutes et ne sert qu'une fois.`,
              "Si vous n'avez pas demandé ce lien, ignorez ce message : personne ne peut se connecter sans lui.",
            ],
            {
              actions: [
                {
                  type: 'link',
                  label: 'Se connecter à la console des pilotes',
                  url: `${SIGN_IN_LINK_SCHEME}${link.id}`,
                },
              ],
            },
          ),
        },
      ]);
    });
    deliveryIds.push(...ids);
  }
  await deps.outbox.deliveriesCreated(deliveryIds);
}

/**
 * The address a sign-in e-mail carries (the e-mail notifier asks at send time); undefined once
 * the link is used or expired (a late retry sends no dead link).
 */
export async function signInUrlFor(
  deps: AppDeps,
  o: { key: Buffer; publicUrl: string; linkId: string },
): Promise<string | undefined> {
  const row = await deps.db.consoleSignInLink.findUnique({ where: { id: o.linkId } });
  if (!row || row.usedAt || row.expiresAt.getTime() <= deps.now().getTime()) return undefined;
  const token = tokenOf(o.key, row.id);
  if (sha256(token) !== row.tokenHash) return undefined;
  return `${o.publicUrl.replace(/\/$/, '')}${signInPath(token)}`;
}

/**
 * `concerto console link <email>` and the demo: a sign-in link for a pilot of the Caf, printed
 * instead of e-mailed.
 */
export async function createSignInLink(
  deps: AppDeps,
  o: { key: Buffer; publicUrl: string; tenantId: string; email: string },
) {
  const email = normaliseEmail(o.email);
  const member = await deps.db.member.findUnique({
    where: { tenantId_email: { tenantId: o.tenantId, email } },
  });
  if (!member || !mayUseConsole(member)) throw new DomainError('PILOT_NOT_FOUND', { email });
  const { token } = await createLinkRow(deps.db, deps.now(), o.key, member);
  return {
    url: `${o.publicUrl.replace(/\/$/, '')}${signInPath(token)}`,
    member,
    expiresAt: new Date(deps.now().getTime() + SIGN_IN_LINK_TTL_MS),
  };
}

async function createLinkRow(
  tx: Tx,
  now: Date,
  key: Buffer,
  member: { id: string; tenantId: string },
) {
  const id = randomUUID();
  const token = tokenOf(key, id);
  await tx.consoleSignInLink.create({
    data: {
      id,
      tenantId: member.tenantId,
      memberId: member.id,
      tokenHash: sha256(token),
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_TTL_MS),
    },
  });
  return { id, token };
}

const LINK_UNKNOWN = () => new DomainError('CONSOLE_LINK_INVALID');

/** A link as its page shows it: valid (with the pilot's name), or why not. */
export async function checkSignInLink(deps: AppDeps, token: string) {
  if (!TOKEN.test(token)) throw LINK_UNKNOWN();
  const row = await deps.db.consoleSignInLink.findUnique({
    where: { tokenHash: sha256(token) },
    include: { member: true, tenant: true },
  });
  if (!row) throw LINK_UNKNOWN();
  if (row.usedAt) throw new DomainError('CONSOLE_LINK_USED');
  if (row.expiresAt.getTime() <= deps.now().getTime())
    throw new DomainError('CONSOLE_LINK_EXPIRED');
  if (!mayUseConsole(row.member)) throw new DomainError('CONSOLE_NOT_PILOT');
  return { member: row.member, tenant: row.tenant };
}

/**
 * Uses a link (one conditional UPDATE: two clicks at once make one session) and opens a session;
 * returns the session's token for the cookie.
 */
export async function consumeSignInLink(deps: AppDeps, token: string) {
  const { member } = await checkSignInLink(deps, token);
  const now = deps.now();
  const sessionToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  const used = await deps.db.$transaction(async (tx) => {
    const taken = await tx.consoleSignInLink.updateMany({
      where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (taken.count !== 1) return false;
    await openSession(tx, { now, member, sessionToken, expiresAt, via: 'link' });
    return true;
  });
  // Another request used it in between: say why, as the page would.
  if (!used) {
    await checkSignInLink(deps, token);
    throw LINK_UNKNOWN();
  }
  return { sessionToken, expiresAt, member };
}

/**
 * Opens a console session for a pilot (the sign-in link or OpenID Connect), in the caller's
 * transaction, and audits it (`console.signed_in`, with how).
 */
export async function openSession(
  tx: Tx,
  o: {
    now: Date;
    member: { id: string; tenantId: string; displayName: string };
    sessionToken: string;
    expiresAt: Date;
    via: 'link' | 'oidc';
    issuer?: string;
  },
): Promise<void> {
  await tx.consoleSession.deleteMany({ where: { expiresAt: { lt: o.now } } });
  await tx.consoleSession.create({
    data: {
      tenantId: o.member.tenantId,
      memberId: o.member.id,
      tokenHash: sha256(o.sessionToken),
      expiresAt: o.expiresAt,
    },
  });
  await audit(tx, {
    tenantId: o.member.tenantId,
    actor: { kind: 'member', memberId: o.member.id, label: o.member.displayName },
    action: 'console.signed_in',
    subjectType: 'member',
    subjectId: o.member.id,
    data: { via: o.via, ...(o.issuer ? { issuer: o.issuer } : {}) },
  });
}

/** The pilot of a session cookie, or undefined (unknown, expired, or no longer a pilot). */
export async function consoleSession(
  deps: AppDeps,
  sessionToken: string,
): Promise<ConsolePilot | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionToken)) return undefined;
  const s = await deps.db.consoleSession.findUnique({
    where: { tokenHash: sha256(sessionToken) },
    include: { member: { include: { tenant: true } } },
  });
  if (!s || s.expiresAt.getTime() <= deps.now().getTime()) return undefined;
  if (s.member.tenantId !== s.tenantId || !mayUseConsole(s.member)) return undefined;
  return {
    sessionId: s.id,
    memberId: s.member.id,
    tenantId: s.tenantId,
    role: s.member.role,
    organisationId: s.member.organisationId,
    displayName: s.member.displayName,
    email: s.member.email,
    locale: localeOf(s.member.locale),
    tenant: {
      name: s.member.tenant.name,
      code: s.member.tenant.code,
      timezone: s.member.tenant.timezone,
    },
  };
}

/** Logout: the session's row is deleted. */
export async function endConsoleSession(deps: AppDeps, sessionToken: string): Promise<void> {
  await deps.db.consoleSession.deleteMany({ where: { tokenHash: sha256(sessionToken) } });
}
