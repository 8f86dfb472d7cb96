-- Drafts from Word and two schémas with the same version number (issue [9] item 1): a schéma
-- directeur is named in the CLI by its number within the Caf (1, 2, …, in order of first import),
-- as in `concerto draft show 2 1` or `concerto round create --schema 2 --version 1`.
ALTER TABLE "schemas" ADD COLUMN "number" INTEGER NOT NULL DEFAULT 0;

UPDATE "schemas" s SET "number" = n.rn
FROM (
  SELECT "id", ROW_NUMBER() OVER (PARTITION BY "tenant_id" ORDER BY "created_at", "id") AS rn
  FROM "schemas"
) n
WHERE s."id" = n."id";

CREATE UNIQUE INDEX "schemas_tenant_id_number_key" ON "schemas"("tenant_id", "number");

-- A schéma inserted without a number (0, the default) gets the next one of its Caf; the advisory
-- lock serialises two imports of new schémas of the same Caf.
CREATE FUNCTION concerto_number_schema() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."number" IS NULL OR NEW."number" = 0 THEN
    PERFORM pg_advisory_xact_lock(hashtext('concerto_schemas:' || NEW."tenant_id"::text));
    SELECT COALESCE(MAX("number"), 0) + 1 INTO NEW."number"
    FROM "schemas" WHERE "tenant_id" = NEW."tenant_id";
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER schemas_number BEFORE INSERT ON "schemas"
  FOR EACH ROW EXECUTE FUNCTION concerto_number_schema();
