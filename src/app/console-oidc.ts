import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { normaliseEmail } from '../domain/contact';
import { DomainError, isDomainError } from '../domain/errors';
import { mayUseConsole } from '../domain/roles';
import { SecretBox } from '../store/secret-box';
import { audit } from './audit';
import { openSession, SESSION_TTL_MS } from './console-auth';
import type { Actor, AppDeps } from './deps';

/**
 * The pilots' console sign-in with OpenID Connect (issue [8] item 4), for a Caf that configured
 * an identity provider (`concerto oidc set`). The Caf is chosen by its code in the address:
 * `/console/connexion?caf=<code>` shows « Se connecter avec <fournisseur> ».
 *
 * - **Flow**: authorization code with PKCE (S256), `state` and `nonce` (openid-client 6). The
 *   attempt is kept server-side (`console_oidc_attempts`: the state's SHA-256, the nonce, the
 *   PKCE verifier; 10 minutes; single use) and the browser holds the state in a short-lived
 *   cookie: a callback is accepted only in the browser that started it, once.
 * - **Verification** (openid-client): the authorization response's `iss`, then the ID token's
 *   signature (the provider's JWKS), issuer, audience, nonce and expiry — under Concerto's clock
 *   (`deps.now`, passed as openid-client's clock skew).
 * - **Who**: the e-mail address the provider vouches for (`email_verified` true, from the ID
 *   token or the userinfo endpoint) must be a pilot's of THAT Caf; then the same Postgres
 *   session as the sign-in link (console-auth.ts `openSession`), audited `console.signed_in`
 *   with `via: oidc`. Every refusal is a DomainError (OIDC_*) and opens no session.
 * - **Secrets**: the client secret is read from an environment variable named in the
 *   configuration, or stored sealed with CONCERTO_ENCRYPTION_KEY (secret-box.ts); never logged,
 *   never shown by `concerto oidc show`.
 * - An issuer must be https, except on the loopback (tests, a local provider).
 */
export const OIDC_ATTEMPT_TTL_MS = 10 * 60_000;
const SCOPE = 'openid email profile';

/** What the use cases need to reach a client secret. */
export interface OidcSecrets {
  env: Record<string, string | undefined>;
  CONCERTO_ENCRYPTION_KEY?: string | undefined;
  CONCERTO_ENCRYPTION_OLD_KEYS?: string[] | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const sealAad = (tenantId: string) => `identity-provider:${tenantId}`;
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,99}$/;

function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function parseIssuer(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DomainError('OIDC_CONFIG_INVALID', {
      field: '--issuer',
      reason: `« ${text} » n'est pas une adresse (exemple : https://connexion.caf94.fr/realms/caf)`,
    });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url)))
    throw new DomainError('OIDC_CONFIG_INVALID', {
      field: '--issuer',
      reason: 'une adresse https est attendue (http seulement sur cette machine, pour des essais)',
    });
  if (url.search || url.hash)
    throw new DomainError('OIDC_CONFIG_INVALID', {
      field: '--issuer',
      reason: "l'émetteur ne contient ni « ? » ni « # »",
    });
  return url;
}

/**
 * `concerto oidc set`: the Caf's identity provider (replaces the previous one). The secret is
 * given by the NAME of an environment variable: kept as a name (the web process reads it), or,
 * with `seal`, read now and stored encrypted with CONCERTO_ENCRYPTION_KEY.
 */
export async function setIdentityProvider(
  deps: AppDeps,
  o: {
    tenantId: string;
    issuer: string;
    clientId: string;
    label?: string;
    secretEnv: string;
    seal?: boolean;
    secrets: OidcSecrets;
    actor: Actor;
  },
) {
  // Kept as written: an issuer is compared as a URL, and a trailing « / » is part of some.
  parseIssuer(o.issuer);
  const issuer = o.issuer.trim();
  const clientId = o.clientId.trim();
  if (!clientId || clientId.length > 200)
    throw new DomainError('OIDC_CONFIG_INVALID', {
      field: '--client-id',
      reason: "l'identifiant du client est vide ou trop long (200 caractères au plus)",
    });
  const label = (o.label ?? new URL(issuer).hostname).trim().slice(0, 80);
  if (!ENV_NAME.test(o.secretEnv))
    throw new DomainError('OIDC_CONFIG_INVALID', {
      field: '--client-secret-env',
      reason: `« ${o.secretEnv} » n'est pas un nom de variable d'environnement (lettres majuscules, chiffres, _)`,
    });
  let sealed: { keyId: string; sealed: Buffer } | undefined;
  if (o.seal) {
    const secret = o.secrets.env[o.secretEnv];
    if (!secret)
      throw new DomainError('OIDC_CONFIG_INVALID', {
        field: '--client-secret-env',
        reason: `la variable ${o.secretEnv} est vide ou absente : rien à chiffrer`,
      });
    const box = SecretBox.fromConfig(o.secrets);
    if (!box) throw new DomainError('ENCRYPTION_KEY_MISSING');
    sealed = box.seal(secret, sealAad(o.tenantId));
  }
  const data = {
    label,
    issuer,
    clientId,
    clientSecretEnv: sealed ? null : o.secretEnv,
    clientSecretKeyId: sealed?.keyId ?? null,
    clientSecretSealed: sealed ? new Uint8Array(sealed.sealed) : null,
  };
  return deps.db.$transaction(async (tx) => {
    const row = await tx.identityProvider.upsert({
      where: { tenantId: o.tenantId },
      create: { tenantId: o.tenantId, ...data },
      update: data,
    });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'oidc.configured',
      subjectType: 'identity_provider',
      subjectId: o.tenantId,
      data: { issuer, clientId, secret: sealed ? 'sealed' : `env:${o.secretEnv}` },
    });
    return describe(row);
  });
}

function describe(row: {
  label: string;
  issuer: string;
  clientId: string;
  clientSecretEnv: string | null;
  clientSecretKeyId: string | null;
}) {
  return {
    label: row.label,
    issuer: row.issuer,
    clientId: row.clientId,
    secret: row.clientSecretEnv
      ? `variable d'environnement ${row.clientSecretEnv}`
      : `chiffré (clé ${row.clientSecretKeyId})`,
  };
}

/** `concerto oidc show`: the configuration, without the secret. */
export async function showIdentityProvider(deps: AppDeps, o: { tenantId: string }) {
  const row = await deps.db.identityProvider.findUnique({ where: { tenantId: o.tenantId } });
  if (!row) throw await notConfigured(deps, o.tenantId);
  return describe(row);
}

async function notConfigured(deps: AppDeps, tenantId: string) {
  const tenant = await deps.db.tenant.findUnique({ where: { id: tenantId } });
  return new DomainError('OIDC_NOT_CONFIGURED', { caf: tenant?.code ?? tenantId });
}

/** `concerto oidc remove`: pilots sign in by e-mailed link only. */
export async function removeIdentityProvider(deps: AppDeps, o: { tenantId: string; actor: Actor }) {
  await deps.db.$transaction(async (tx) => {
    const gone = await tx.identityProvider.deleteMany({ where: { tenantId: o.tenantId } });
    if (gone.count === 0) throw await notConfigured(deps, o.tenantId);
    await tx.consoleOidcAttempt.deleteMany({ where: { tenantId: o.tenantId } });
    await audit(tx, {
      tenantId: o.tenantId,
      actor: o.actor,
      action: 'oidc.removed',
      subjectType: 'identity_provider',
      subjectId: o.tenantId,
    });
  });
}

/** The sign-in page: the Caf of `?caf=<code>` and its provider's name, if it has one. */
export async function consoleIdentityProvider(deps: AppDeps, cafCode: string) {
  const tenant = await deps.db.tenant.findUnique({
    where: { code: cafCode },
    include: { identityProvider: true },
  });
  if (!tenant?.identityProvider) return undefined;
  return { caf: tenant.code, tenantName: tenant.name, label: tenant.identityProvider.label };
}

type ProviderRow = NonNullable<
  Awaited<ReturnType<AppDeps['db']['identityProvider']['findUnique']>>
>;

function clientSecret(row: ProviderRow, secrets: OidcSecrets): string {
  if (row.clientSecretEnv) {
    const v = secrets.env[row.clientSecretEnv];
    if (!v) throw new DomainError('OIDC_SECRET_MISSING', { variable: row.clientSecretEnv });
    return v;
  }
  const box = SecretBox.fromConfig(secrets);
  if (!box || !row.clientSecretSealed || !row.clientSecretKeyId)
    throw new DomainError('OIDC_SECRET_MISSING', { variable: 'CONCERTO_ENCRYPTION_KEY' });
  try {
    return box.open(row.clientSecretKeyId, row.clientSecretSealed, sealAad(row.tenantId));
  } catch {
    throw new DomainError('OIDC_SECRET_MISSING', { variable: 'CONCERTO_ENCRYPTION_KEY' });
  }
}

/** The provider's configuration (discovery), with Concerto's clock. */
async function discover(deps: AppDeps, row: ProviderRow, secrets: OidcSecrets) {
  const secret = clientSecret(row, secrets);
  const issuer = new URL(row.issuer);
  const skew = Math.round((deps.now().getTime() - Date.now()) / 1000);
  try {
    return await oidc.discovery(
      issuer,
      row.clientId,
      { [oidc.clockSkew]: skew } as Partial<oidc.ClientMetadata>,
      oidc.ClientSecretBasic(secret),
      issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
    );
  } catch (err) {
    deps.log.warn(
      { issuer: row.issuer, err: (err as Error).message },
      "console : découverte du fournisseur d'identité impossible",
    );
    throw new DomainError('OIDC_PROVIDER_UNAVAILABLE', { issuer: row.issuer });
  }
}

/**
 * « Se connecter avec <fournisseur> »: records the attempt and returns the provider's
 * authorization address and the state (for the browser's cookie). Throws OIDC_NOT_CONFIGURED.
 */
export async function startOidcSignIn(
  deps: AppDeps,
  o: { cafCode: string; redirectUri: string; secrets: OidcSecrets },
): Promise<{ url: string; state: string }> {
  const tenant = await deps.db.tenant.findUnique({
    where: { code: o.cafCode },
    include: { identityProvider: true },
  });
  if (!tenant?.identityProvider) throw new DomainError('OIDC_NOT_CONFIGURED', { caf: o.cafCode });
  const config = await discover(deps, tenant.identityProvider, o.secrets);
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const now = deps.now();
  await deps.db.consoleOidcAttempt.create({
    data: {
      id: randomUUID(),
      tenantId: tenant.id,
      stateHash: sha256(state),
      nonce,
      codeVerifier,
      expiresAt: new Date(now.getTime() + OIDC_ATTEMPT_TTL_MS),
    },
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: o.redirectUri,
    scope: SCOPE,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, state };
}

const TOKEN_REASONS = [
  ['"iss"', 'issuer'],
  ['"aud"', 'audience'],
  ['"azp"', 'audience'],
  ['"nonce"', 'nonce'],
  ['"exp"', 'expired'],
  ['"iat"', 'expired'],
] as const;

/** openid-client's refusal as Concerto's (the technical detail goes to the log only). */
function refusal(deps: AppDeps, err: unknown): DomainError {
  if (isDomainError(err)) return err;
  const e = err as { code?: string; error?: string; message?: string };
  deps.log.warn(
    {
      code: e.code,
      error: e.error,
      err: e.message,
      cause: (e as { cause?: Error }).cause?.message,
    },
    "console : réponse du fournisseur d'identité refusée",
  );
  if (e.code === 'OAUTH_AUTHORIZATION_RESPONSE_ERROR')
    return new DomainError('OIDC_PROVIDER_REFUSED', { error: String(e.error ?? 'erreur') });
  // openid-client wraps oauth4webapi's error (which names the claim) as its cause.
  const texts: string[] = [];
  for (let c: unknown = err, depth = 0; c && depth < 4; depth++) {
    const x = c as { message?: unknown; cause?: unknown };
    if (typeof x.message === 'string') texts.push(x.message);
    c = x.cause;
  }
  const reason =
    e.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED'
      ? 'expired'
      : (TOKEN_REASONS.find(([needle]) => texts.some((t) => t.includes(needle)))?.[1] ?? 'other');
  return new DomainError('OIDC_TOKEN_REJECTED', { reason });
}

/**
 * The provider's callback: checks the attempt (the state in the address, the same in the
 * browser's cookie, unused, unexpired — and uses it up), exchanges the code, verifies the ID
 * token, matches a pilot of the attempt's Caf by verified e-mail, and opens a session.
 */
export async function finishOidcSignIn(
  deps: AppDeps,
  o: { currentUrl: URL; stateCookie: string | undefined; secrets: OidcSecrets },
) {
  const state = o.currentUrl.searchParams.get('state');
  if (!state || !o.stateCookie || state !== o.stateCookie)
    throw new DomainError('OIDC_STATE_INVALID');
  const now = deps.now();
  const attempt = await deps.db.consoleOidcAttempt.findUnique({
    where: { stateHash: sha256(state) },
    include: { tenant: { include: { identityProvider: true } } },
  });
  if (!attempt) throw new DomainError('OIDC_STATE_INVALID');
  if (attempt.usedAt) throw new DomainError('OIDC_STATE_USED');
  if (attempt.expiresAt.getTime() <= now.getTime()) throw new DomainError('OIDC_STATE_EXPIRED');
  const taken = await deps.db.consoleOidcAttempt.updateMany({
    where: { id: attempt.id, usedAt: null },
    data: { usedAt: now },
  });
  if (taken.count !== 1) throw new DomainError('OIDC_STATE_USED');
  const tenant = attempt.tenant;
  const provider = tenant.identityProvider;
  if (!provider) throw new DomainError('OIDC_NOT_CONFIGURED', { caf: tenant.code });

  const config = await discover(deps, provider, o.secrets);
  let claims: Record<string, unknown>;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, o.currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const idClaims = tokens.claims()!;
    claims = { ...idClaims };
    if (typeof claims.email !== 'string' || claims.email_verified === undefined) {
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
      claims = { ...info, ...idClaims, email: info.email, email_verified: info.email_verified };
    }
  } catch (err) {
    throw refusal(deps, err);
  }

  if (typeof claims.email !== 'string' || claims.email_verified !== true)
    throw new DomainError('OIDC_EMAIL_UNVERIFIED');
  let email: string;
  try {
    email = normaliseEmail(claims.email);
  } catch {
    throw new DomainError('OIDC_EMAIL_UNVERIFIED');
  }
  const member = await deps.db.member.findUnique({
    where: { tenantId_email: { tenantId: tenant.id, email } },
  });
  const who = { email, tenant: tenant.name };
  if (!member) {
    const elsewhere = await deps.db.member.findFirst({
      where: { email, role: 'pilot', tenantId: { not: tenant.id } },
    });
    throw new DomainError(elsewhere ? 'OIDC_OTHER_CAF' : 'OIDC_EMAIL_UNKNOWN', who);
  }
  if (!mayUseConsole(member)) throw new DomainError('OIDC_NOT_PILOT', who);

  const sessionToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.db.$transaction((tx) =>
    openSession(tx, { now, member, sessionToken, expiresAt, via: 'oidc', issuer: provider.issuer }),
  );
  return { sessionToken, expiresAt, member };
}
