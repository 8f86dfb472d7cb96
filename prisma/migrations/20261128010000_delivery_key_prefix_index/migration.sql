-- CreateIndex
CREATE INDEX "deliveries_dedupe_key_pattern_idx" ON "deliveries"("dedupe_key" text_pattern_ops);
