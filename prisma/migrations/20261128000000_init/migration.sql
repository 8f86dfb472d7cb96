-- CreateEnum
CREATE TYPE "organisation_kind" AS ENUM ('caf', 'etat', 'departement', 'commune', 'epci', 'federation', 'msa', 'centre_social', 'evs', 'other');
CREATE TYPE "role" AS ENUM ('pilot', 'partner', 'observer');
CREATE TYPE "platform" AS ENUM ('slack', 'teams', 'console');
CREATE TYPE "round_status" AS ENUM ('draft', 'open', 'closed', 'cancelled');
CREATE TYPE "results_visibility" AS ENUM ('during', 'after');
CREATE TYPE "avis_choice" AS ENUM ('favorable', 'favorable_avec_reserves', 'defavorable', 'abstention');
CREATE TYPE "avis_channel" AS ENUM ('slack', 'teams', 'tab', 'cli', 'proxy', 'implicit');
CREATE TYPE "agrement_kind" AS ENUM ('animation_globale', 'animation_collective_familles', 'evs');
CREATE TYPE "agrement_status" AS ENUM ('active', 'renewal_in_progress', 'renewed', 'expired', 'ended');
CREATE TYPE "reminder_status" AS ENUM ('planned', 'sent', 'cancelled', 'failed');
CREATE TYPE "delivery_status" AS ENUM ('pending', 'sending', 'sent', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "tenants" (
    "id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/Paris',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "tenants_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "communes" (
    "insee" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    CONSTRAINT "communes_pkey" PRIMARY KEY ("insee")
);

CREATE TABLE "organisations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "organisation_kind" NOT NULL,
    "commune_insee" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "organisations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "members" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "organisation_id" UUID,
    "role" "role" NOT NULL,
    "display_name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'fr',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "members_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "platform_identities" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "member_id" UUID NOT NULL,
    "platform" "platform" NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "platform_identities_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "destinations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "organisation_id" UUID,
    "for_pilots" BOOLEAN NOT NULL DEFAULT false,
    "platform" "platform" NOT NULL,
    "workspace_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "reference" JSONB,
    "label" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "destinations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "schemas" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "schemas_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "draft_versions" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "schema_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "markdown" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "draft_versions_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "enjeux" (
    "id" UUID NOT NULL,
    "draft_version_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    CONSTRAINT "enjeux_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "rounds" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "draft_version_id" UUID NOT NULL,
    "status" "round_status" NOT NULL DEFAULT 'draft',
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "reminder_schedule" JSONB NOT NULL,
    "silence_means_favorable" BOOLEAN NOT NULL DEFAULT false,
    "results_visibility" "results_visibility" NOT NULL DEFAULT 'after',
    "created_by_member_id" UUID,
    "opened_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "rounds_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invitations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invitations_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "avis" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "enjeu_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "choice" "avis_choice" NOT NULL,
    "comment" TEXT,
    "cast_by_member_id" UUID,
    "cast_by_label" TEXT,
    "channel" "avis_channel" NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "cast_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "avis_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "avis_history" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "avis_id" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "choice" "avis_choice" NOT NULL,
    "comment" TEXT,
    "cast_by_member_id" UUID,
    "cast_by_label" TEXT,
    "channel" "avis_channel" NOT NULL,
    "cast_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "avis_history_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "agrements" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "kind" "agrement_kind" NOT NULL,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "status" "agrement_status" NOT NULL DEFAULT 'active',
    "previous_agrement_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "agrements_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "planned_reminders" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "agrement_id" UUID,
    "round_id" UUID,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "status" "reminder_status" NOT NULL DEFAULT 'planned',
    "claimed_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "planned_reminders_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "destination_id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "updates_delivery_id" UUID,
    "thread_delivery_id" UUID,
    "status" "delivery_status" NOT NULL DEFAULT 'pending',
    "platform_message_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "invite_codes" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "organisation_id" UUID,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "used_by_member_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invite_codes_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" UUID,
    "actor_member_id" UUID,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subject_type" TEXT NOT NULL,
    "subject_id" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "slack_installations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID,
    "install_key" TEXT NOT NULL,
    "team_id" TEXT,
    "enterprise_id" TEXT,
    "data" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "slack_installations_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenants_code_key" ON "tenants"("code");
CREATE UNIQUE INDEX "organisations_tenant_id_code_key" ON "organisations"("tenant_id", "code");
CREATE INDEX "organisations_tenant_id_kind_idx" ON "organisations"("tenant_id", "kind");
CREATE INDEX "members_tenant_id_role_idx" ON "members"("tenant_id", "role");
CREATE INDEX "members_organisation_id_idx" ON "members"("organisation_id");
CREATE UNIQUE INDEX "platform_identities_tenant_id_platform_workspace_id_user_id_key" ON "platform_identities"("tenant_id", "platform", "workspace_id", "user_id");
CREATE INDEX "platform_identities_platform_workspace_id_user_id_idx" ON "platform_identities"("platform", "workspace_id", "user_id");
CREATE INDEX "platform_identities_member_id_idx" ON "platform_identities"("member_id");
CREATE UNIQUE INDEX "destinations_tenant_id_platform_workspace_id_address_key" ON "destinations"("tenant_id", "platform", "workspace_id", "address");
CREATE INDEX "destinations_organisation_id_idx" ON "destinations"("organisation_id");
CREATE INDEX "destinations_tenant_id_for_pilots_idx" ON "destinations"("tenant_id", "for_pilots");
CREATE UNIQUE INDEX "schemas_tenant_id_title_period_key" ON "schemas"("tenant_id", "title", "period");
CREATE UNIQUE INDEX "draft_versions_schema_id_version_key" ON "draft_versions"("schema_id", "version");
CREATE INDEX "draft_versions_tenant_id_idx" ON "draft_versions"("tenant_id");
CREATE UNIQUE INDEX "enjeux_draft_version_id_position_key" ON "enjeux"("draft_version_id", "position");
CREATE UNIQUE INDEX "enjeux_draft_version_id_title_key" ON "enjeux"("draft_version_id", "title");
CREATE UNIQUE INDEX "rounds_tenant_id_number_key" ON "rounds"("tenant_id", "number");
CREATE INDEX "rounds_tenant_id_status_idx" ON "rounds"("tenant_id", "status");
CREATE INDEX "rounds_status_deadline_idx" ON "rounds"("status", "deadline");
CREATE UNIQUE INDEX "invitations_round_id_organisation_id_key" ON "invitations"("round_id", "organisation_id");
CREATE INDEX "invitations_organisation_id_idx" ON "invitations"("organisation_id");
CREATE UNIQUE INDEX "avis_round_id_enjeu_id_organisation_id_key" ON "avis"("round_id", "enjeu_id", "organisation_id");
CREATE INDEX "avis_round_id_organisation_id_idx" ON "avis"("round_id", "organisation_id");
CREATE UNIQUE INDEX "avis_history_avis_id_revision_key" ON "avis_history"("avis_id", "revision");
CREATE UNIQUE INDEX "agrements_previous_agrement_id_key" ON "agrements"("previous_agrement_id");
CREATE UNIQUE INDEX "agrements_tenant_id_organisation_id_kind_start_date_key" ON "agrements"("tenant_id", "organisation_id", "kind", "start_date");
CREATE INDEX "agrements_tenant_id_status_end_date_idx" ON "agrements"("tenant_id", "status", "end_date");
CREATE UNIQUE INDEX "planned_reminders_agrement_id_kind_key" ON "planned_reminders"("agrement_id", "kind");
CREATE UNIQUE INDEX "planned_reminders_round_id_kind_key" ON "planned_reminders"("round_id", "kind");
CREATE INDEX "planned_reminders_status_due_at_idx" ON "planned_reminders"("status", "due_at");
CREATE INDEX "planned_reminders_tenant_id_due_at_idx" ON "planned_reminders"("tenant_id", "due_at");
CREATE UNIQUE INDEX "deliveries_dedupe_key_key" ON "deliveries"("dedupe_key");
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at");
CREATE INDEX "deliveries_destination_id_kind_idx" ON "deliveries"("destination_id", "kind");
CREATE UNIQUE INDEX "invite_codes_code_hash_key" ON "invite_codes"("code_hash");
CREATE INDEX "invite_codes_tenant_id_idx" ON "invite_codes"("tenant_id");
CREATE INDEX "audit_events_tenant_id_at_idx" ON "audit_events"("tenant_id", "at");
CREATE INDEX "audit_events_subject_type_subject_id_idx" ON "audit_events"("subject_type", "subject_id");
CREATE UNIQUE INDEX "slack_installations_install_key_key" ON "slack_installations"("install_key");
CREATE INDEX "slack_installations_team_id_idx" ON "slack_installations"("team_id");

-- AddForeignKey
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "members" ADD CONSTRAINT "members_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "members" ADD CONSTRAINT "members_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "platform_identities" ADD CONSTRAINT "platform_identities_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "members"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "destinations" ADD CONSTRAINT "destinations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "destinations" ADD CONSTRAINT "destinations_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "schemas" ADD CONSTRAINT "schemas_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "draft_versions" ADD CONSTRAINT "draft_versions_schema_id_fkey" FOREIGN KEY ("schema_id") REFERENCES "schemas"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "enjeux" ADD CONSTRAINT "enjeux_draft_version_id_fkey" FOREIGN KEY ("draft_version_id") REFERENCES "draft_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_draft_version_id_fkey" FOREIGN KEY ("draft_version_id") REFERENCES "draft_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis" ADD CONSTRAINT "avis_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis" ADD CONSTRAINT "avis_enjeu_id_fkey" FOREIGN KEY ("enjeu_id") REFERENCES "enjeux"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis" ADD CONSTRAINT "avis_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis" ADD CONSTRAINT "avis_cast_by_member_id_fkey" FOREIGN KEY ("cast_by_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "avis_history" ADD CONSTRAINT "avis_history_avis_id_fkey" FOREIGN KEY ("avis_id") REFERENCES "avis"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis_history" ADD CONSTRAINT "avis_history_cast_by_member_id_fkey" FOREIGN KEY ("cast_by_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "agrements" ADD CONSTRAINT "agrements_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agrements" ADD CONSTRAINT "agrements_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agrements" ADD CONSTRAINT "agrements_previous_agrement_id_fkey" FOREIGN KEY ("previous_agrement_id") REFERENCES "agrements"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "planned_reminders" ADD CONSTRAINT "planned_reminders_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "planned_reminders" ADD CONSTRAINT "planned_reminders_agrement_id_fkey" FOREIGN KEY ("agrement_id") REFERENCES "agrements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "planned_reminders" ADD CONSTRAINT "planned_reminders_round_id_fkey" FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_organisation_id_fkey" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "slack_installations" ADD CONSTRAINT "slack_installations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;
