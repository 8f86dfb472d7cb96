-- Evaluation grids (levels × questions), one code per Caf.
CREATE TABLE "grids" (
    "id" UUID NOT NULL,
    "tenant_id" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "grids_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "grids_tenant_id_code_key" ON "grids"("tenant_id", "code");

ALTER TABLE "grids" ADD CONSTRAINT "grids_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
