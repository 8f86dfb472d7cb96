-- The follow-up of avis (issue [10] item 1, « tableau de prise en compte des avis »): for each
-- réserve, défavorable or comment of a closed round, the pilot records what the Caf did with it,
-- why, and optionally the enjeu of a later version of the same schéma that carries it.
CREATE TYPE "followup_response" AS ENUM ('retenue', 'partiellement_retenue', 'non_retenue', 'sans_objet');

-- One follow-up per avis (the avis of a closed round no longer changes); recording it again
-- replaces it, and every recording is an audit event (followup.record) with the previous value.
CREATE TABLE "avis_followups" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "round_id" UUID NOT NULL,
    "avis_id" UUID NOT NULL,
    "response" "followup_response" NOT NULL,
    "justification" TEXT NOT NULL,
    "next_enjeu_id" UUID,
    "recorded_by_member_id" UUID,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "avis_followups_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "avis_followups_justification_length" CHECK (char_length("justification") BETWEEN 1 AND 2000)
);
CREATE UNIQUE INDEX "avis_followups_avis_id_key" ON "avis_followups"("avis_id");
CREATE INDEX "avis_followups_round_id_idx" ON "avis_followups"("round_id");
CREATE INDEX "avis_followups_next_enjeu_id_idx" ON "avis_followups"("next_enjeu_id");
ALTER TABLE "avis_followups" ADD CONSTRAINT "avis_followups_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis_followups" ADD CONSTRAINT "avis_followups_round_id_fkey"
  FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis_followups" ADD CONSTRAINT "avis_followups_avis_id_fkey"
  FOREIGN KEY ("avis_id") REFERENCES "avis"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "avis_followups" ADD CONSTRAINT "avis_followups_next_enjeu_id_fkey"
  FOREIGN KEY ("next_enjeu_id") REFERENCES "enjeux"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "avis_followups" ADD CONSTRAINT "avis_followups_recorded_by_member_id_fkey"
  FOREIGN KEY ("recorded_by_member_id") REFERENCES "members"("id") ON DELETE SET NULL ON UPDATE CASCADE;
