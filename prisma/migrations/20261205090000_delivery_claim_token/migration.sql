-- A delivery's claim names the job execution that holds it (BullMQ queue:job id and the lock
-- token of that execution), so another worker can tell a live claim (Redis still holds that
-- lock) from an abandoned one without waiting a fixed stale delay. `outcome_unknown` records that
-- an earlier send may have reached the platform without its answer being recorded: the next
-- attempt looks the message up on the platform before sending it again.
ALTER TABLE "deliveries" ADD COLUMN "claim_job" TEXT;
ALTER TABLE "deliveries" ADD COLUMN "claim_token" TEXT;
ALTER TABLE "deliveries" ADD COLUMN "outcome_unknown" BOOLEAN NOT NULL DEFAULT false;
