-- CreateIndex
CREATE INDEX "SyncRecord_companyId_id_idx" ON "SyncRecord"("companyId", "id");
