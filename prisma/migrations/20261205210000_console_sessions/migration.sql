-- The pilots' console (issue [8] item 4): pilots sign in by an e-mailed one-time link.
--
-- A member may have an e-mail address (lower-cased), unique within its Caf: a pilot with one can
-- ask for a sign-in link at /console/connexion (`concerto pilot add <email> --nom "…"`).
ALTER TABLE "members" ADD COLUMN "email" TEXT;
CREATE UNIQUE INDEX "members_tenant_id_email_key" ON "members"("tenant_id", "email");

-- One-time sign-in links: only the SHA-256 of the token is kept; the token itself is an HMAC of
-- the row id under CONCERTO_LINK_SECRET, computed when the e-mail is sent (never in a delivery
-- payload or a log). Single use: consuming sets used_at in one conditional UPDATE.
CREATE TABLE "console_sign_in_links" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_sign_in_links_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "console_sign_in_links_token_hash_key" ON "console_sign_in_links"("token_hash");
CREATE INDEX "console_sign_in_links_member_id_idx" ON "console_sign_in_links"("member_id");
ALTER TABLE "console_sign_in_links" ADD CONSTRAINT "console_sign_in_links_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_sign_in_links" ADD CONSTRAINT "console_sign_in_links_member_id_fkey"
  FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Console sessions: the cookie holds a random token, the table its SHA-256.
CREATE TABLE "console_sessions" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "console_sessions_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "console_sessions_token_hash_key" ON "console_sessions"("token_hash");
CREATE INDEX "console_sessions_member_id_idx" ON "console_sessions"("member_id");
CREATE INDEX "console_sessions_expires_at_idx" ON "console_sessions"("expires_at");
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "console_sessions" ADD CONSTRAINT "console_sessions_member_id_fkey"
  FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
