-- Survey rounds (issue [11]): a round is a consultation on a draft version or a survey on an
-- evaluation grid. A survey keeps a snapshot of its grid (re-importing the grid does not change a
-- running survey), and is answered once per organisation or once per person (participants of a
-- journée départementale, each with a code printed for their table; optionally anonymous).
CREATE TYPE "round_kind" AS ENUM ('consultation', 'survey');
CREATE TYPE "survey_answer_mode" AS ENUM ('organisation', 'person');

ALTER TABLE "rounds"
  ADD COLUMN "kind" "round_kind" NOT NULL DEFAULT 'consultation',
  ALTER COLUMN "draft_version_id" DROP NOT NULL,
  ADD COLUMN "grid_id" UUID,
  ADD COLUMN "grid_snapshot" JSONB,
  ADD COLUMN "answer_mode" "survey_answer_mode",
  ADD COLUMN "anonymous" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "event_code" TEXT;

ALTER TABLE "rounds" ADD CONSTRAINT "rounds_kind_check" CHECK (
  ("kind" = 'consultation' AND "draft_version_id" IS NOT NULL AND "grid_snapshot" IS NULL)
  OR ("kind" = 'survey' AND "draft_version_id" IS NULL AND "grid_snapshot" IS NOT NULL
      AND "answer_mode" IS NOT NULL)
);
CREATE UNIQUE INDEX "rounds_event_code_key" ON "rounds"("event_code");
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_grid_id_fkey"
  FOREIGN KEY ("grid_id") REFERENCES "grids"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A participant of a per-person survey: a code printed for their table; a name unless anonymous.
CREATE TABLE "survey_participants" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "table_label" TEXT NOT NULL DEFAULT '',
    "name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "first_seen_at" TIMESTAMPTZ(3),

    CONSTRAINT "survey_participants_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "survey_participants_round_id_code_key" ON "survey_participants"("round_id", "code");
ALTER TABLE "survey_participants" ADD CONSTRAINT "survey_participants_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "survey_participants" ADD CONSTRAINT "survey_participants_round_id_fkey"
  FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One answer to a survey round: an organisation's (mode organisation) or a participant's.
CREATE TABLE "survey_responses" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "organisation_id" UUID,
    "participant_id" UUID,
    "finished_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "survey_responses_owner_check" CHECK (
      ("organisation_id" IS NULL) <> ("participant_id" IS NULL))
);
CREATE UNIQUE INDEX "survey_responses_round_id_organisation_id_key" ON "survey_responses"("round_id", "organisation_id");
CREATE UNIQUE INDEX "survey_responses_participant_id_only_key" ON "survey_responses"("participant_id");
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_round_id_fkey"
  FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_organisation_id_fkey"
  FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_participant_id_fkey"
  FOREIGN KEY ("participant_id") REFERENCES "survey_participants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One cell of an answer: the contribution and the rating, as last saved.
CREATE TABLE "survey_cells" (
    "response_id" UUID NOT NULL,
    "level" INTEGER NOT NULL,
    "question" INTEGER NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "rating" INTEGER,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "survey_cells_pkey" PRIMARY KEY ("response_id", "level", "question")
);
ALTER TABLE "survey_cells" ADD CONSTRAINT "survey_cells_response_id_fkey"
  FOREIGN KEY ("response_id") REFERENCES "survey_responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every save of a cell, with who gave it (organisation mode keeps the history, like avis).
CREATE TABLE "survey_cell_history" (
    "id" UUID NOT NULL,
    "response_id" UUID NOT NULL,
    "level" INTEGER NOT NULL,
    "question" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "rating" INTEGER,
    "given_by_member_id" UUID,
    "given_by_label" TEXT,
    "channel" TEXT NOT NULL,
    "saved_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_cell_history_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "survey_cell_history_response_id_idx" ON "survey_cell_history"("response_id");
ALTER TABLE "survey_cell_history" ADD CONSTRAINT "survey_cell_history_response_id_fkey"
  FOREIGN KEY ("response_id") REFERENCES "survey_responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "survey_cell_history" ADD CONSTRAINT "survey_cell_history_given_by_member_id_fkey"
  FOREIGN KEY ("given_by_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
