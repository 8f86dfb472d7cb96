-- E-mail as a channel (issue [8]): organisations' named contacts.
--
-- A contact is a person of a partner organisation reached by e-mail: its titular (« titulaire »)
-- and substitutes (« suppléants »). Each active contact has one destination of platform `email`
-- (workspace_id = the organisation's id, address = the lower-cased address), so a round's
-- fan-out, its reminders and its results reach every contact through the same outbox and
-- delivery queue as Slack channels and Teams conversations, one delivery (one personal e-mail)
-- per contact. Removing a contact deactivates its destination: past deliveries keep their row.
ALTER TYPE "platform" ADD VALUE IF NOT EXISTS 'email';

CREATE TABLE "contacts" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "organisation_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "titular" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contacts_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "contacts_organisation_id_email_key" ON "contacts"("organisation_id", "email");
CREATE INDEX "contacts_tenant_id_idx" ON "contacts"("tenant_id");

ALTER TABLE "contacts" ADD CONSTRAINT "contacts_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_organisation_id_fkey"
  FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The web ballot (the personal link of each e-mail). A link is signed (HMAC) over the contact,
-- the round and the contact's link generation; the pilot revokes a contact's links by bumping
-- the generation (`concerto orgs contact revoke`). Avis given there have the channel `web`.
ALTER TABLE "contacts" ADD COLUMN "link_generation" INTEGER NOT NULL DEFAULT 0;
ALTER TYPE "avis_channel" ADD VALUE IF NOT EXISTS 'web';
