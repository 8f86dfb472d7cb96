-- The pilots' console: sign-in with OpenID Connect when a Caf configures an identity provider
-- (issue [8] item 4, `concerto oidc set|show|remove`).
--
-- One identity provider per Caf. Its client secret is never stored in clear: either the name of
-- an environment variable that the web process reads (client_secret_env), or the secret sealed
-- with CONCERTO_ENCRYPTION_KEY (src/store/secret-box.ts; the AAD names the Caf's row).
CREATE TABLE "identity_providers" (
    "tenant_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "client_secret_env" TEXT,
    "client_secret_key_id" TEXT,
    "client_secret_sealed" BYTEA,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "identity_providers_pkey" PRIMARY KEY ("tenant_id"),
    CONSTRAINT "identity_providers_one_secret" CHECK (
      ("client_secret_env" IS NOT NULL) <> ("client_secret_sealed" IS NOT NULL)
    )
);
ALTER TABLE "identity_providers" ADD CONSTRAINT "identity_providers_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One sign-in attempt with the provider (authorization code flow): the state's SHA-256 (the
-- browser holds the state in a short-lived cookie too), the nonce and the PKCE verifier, 10
-- minutes, single use (a replayed callback finds used_at set).
CREATE TABLE "console_oidc_attempts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "code_verifier" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_oidc_attempts_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "console_oidc_attempts_state_hash_key" ON "console_oidc_attempts"("state_hash");
CREATE INDEX "console_oidc_attempts_expires_at_idx" ON "console_oidc_attempts"("expires_at");
ALTER TABLE "console_oidc_attempts" ADD CONSTRAINT "console_oidc_attempts_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
