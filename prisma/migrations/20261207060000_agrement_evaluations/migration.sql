-- From evaluation to renewal (issue [11] item 5): the Caf attaches an evaluation grid to the
-- agrément calendar; at the evaluation step (8 months before the end) the structure receives a
-- survey round on that grid, linked to the agrément once per step.
ALTER TABLE "tenants" ADD COLUMN "agrement_grid_id" UUID;
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_agrement_grid_id_fkey"
  FOREIGN KEY ("agrement_grid_id") REFERENCES "grids"("id") ON DELETE SET NULL ON UPDATE CASCADE;

CREATE TABLE "agrement_evaluations" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "agrement_id" UUID NOT NULL,
    "step" TEXT NOT NULL,
    "round_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agrement_evaluations_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "agrement_evaluations_round_id_key" ON "agrement_evaluations"("round_id");
CREATE UNIQUE INDEX "agrement_evaluations_agrement_id_step_key" ON "agrement_evaluations"("agrement_id", "step");
CREATE INDEX "agrement_evaluations_tenant_id_idx" ON "agrement_evaluations"("tenant_id");
ALTER TABLE "agrement_evaluations" ADD CONSTRAINT "agrement_evaluations_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agrement_evaluations" ADD CONSTRAINT "agrement_evaluations_agrement_id_fkey"
  FOREIGN KEY ("agrement_id") REFERENCES "agrements"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "agrement_evaluations" ADD CONSTRAINT "agrement_evaluations_round_id_fkey"
  FOREIGN KEY ("round_id") REFERENCES "rounds"("id") ON DELETE CASCADE ON UPDATE CASCADE;
