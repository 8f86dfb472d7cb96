-- Slack installations' tokens encrypted at rest (src/store/secret-box.ts): the installation is
-- stored in `data_sealed` (AES-256-GCM) with the id of its key in `key_id`. Rows written before
-- keep their clear `data` and stay readable; they are encrypted at their next write or read with
-- a key configured, or by `concerto slack reencrypt`. A row holds one form or the other.
ALTER TABLE "slack_installations" ALTER COLUMN "data" DROP NOT NULL;
ALTER TABLE "slack_installations" ADD COLUMN "data_sealed" BYTEA;
ALTER TABLE "slack_installations" ADD COLUMN "key_id" TEXT;
ALTER TABLE "slack_installations" ADD CONSTRAINT "slack_installations_data_or_sealed" CHECK (
  ("data" IS NOT NULL AND "data_sealed" IS NULL AND "key_id" IS NULL)
  OR ("data" IS NULL AND "data_sealed" IS NOT NULL AND "key_id" IS NOT NULL)
);
