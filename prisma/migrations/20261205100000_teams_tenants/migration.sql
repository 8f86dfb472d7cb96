-- Teams tenants registered for a Caf, and invitation-code attempts (throttling).
--
-- 1. The Microsoft 365 (Entra) tenants whose Teams users may talk to the bot for a Caf: the
--    Caf's own and those of partners that use Teams. A Caf without any row accepts the
--    deployment's TEAMS_TENANT_ID. An activity from a tenant registered for no Caf is refused
--    before the bot runs; a code or a linked member of a Caf only works from that Caf's tenants.
CREATE TABLE "teams_tenants" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "entra_tenant_id" TEXT NOT NULL,
    "label" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "teams_tenants_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "teams_tenants_tenant_id_entra_tenant_id_key"
  ON "teams_tenants"("tenant_id", "entra_tenant_id");
CREATE INDEX "teams_tenants_entra_tenant_id_idx" ON "teams_tenants"("entra_tenant_id");

ALTER TABLE "teams_tenants" ADD CONSTRAINT "teams_tenants_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- 2. Invitation codes tried per platform user and per Slack workspace or Teams tenant, in a
--    fixed window (see src/app/invite-throttle.ts). Postgres rather than process memory: every
--    web process counts in the same place. Rows are keyed by an opaque string; old ones are
--    deleted as new attempts come.
CREATE TABLE "invite_attempts" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL,
    CONSTRAINT "invite_attempts_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "invite_attempts_window_start_idx" ON "invite_attempts"("window_start");
