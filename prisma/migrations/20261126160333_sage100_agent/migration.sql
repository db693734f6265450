-- CreateEnum
CREATE TYPE "Sage100CommandStatus" AS ENUM ('QUEUED', 'LEASED', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "Sage100PairingCode" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "agentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sage100PairingCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sage100Agent" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "activeCompanyId" TEXT,
    "tokenHash" TEXT NOT NULL,
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "hostname" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "driver" TEXT NOT NULL,
    "sageCompany" TEXT,
    "state" TEXT,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "lastHeartbeatAt" TIMESTAMP(3),
    "lastSeenAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "pairedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sage100Agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sage100Command" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "status" "Sage100CommandStatus" NOT NULL DEFAULT 'QUEUED',
    "agentId" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "availableAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "result" JSONB,
    "warnings" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "retryClass" TEXT,
    "createdById" TEXT,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sage100Command_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sage100ChangeBatch" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "agentId" TEXT,
    "batchId" TEXT NOT NULL,
    "sageTable" TEXT NOT NULL,
    "keyColumns" JSONB NOT NULL,
    "rows" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "highWater" JSONB NOT NULL,
    "processedAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sage100ChangeBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sage100PairingCode_codeHash_key" ON "Sage100PairingCode"("codeHash");

-- CreateIndex
CREATE INDEX "Sage100PairingCode_companyId_idx" ON "Sage100PairingCode"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "Sage100Agent_activeCompanyId_key" ON "Sage100Agent"("activeCompanyId");

-- CreateIndex
CREATE UNIQUE INDEX "Sage100Agent_tokenHash_key" ON "Sage100Agent"("tokenHash");

-- CreateIndex
CREATE INDEX "Sage100Agent_companyId_idx" ON "Sage100Agent"("companyId");

-- CreateIndex
CREATE INDEX "Sage100Command_companyId_status_availableAt_idx" ON "Sage100Command"("companyId", "status", "availableAt");

-- CreateIndex
CREATE INDEX "Sage100Command_status_leaseExpiresAt_idx" ON "Sage100Command"("status", "leaseExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sage100Command_companyId_idempotencyKey_key" ON "Sage100Command"("companyId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Sage100ChangeBatch_companyId_processedAt_idx" ON "Sage100ChangeBatch"("companyId", "processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sage100ChangeBatch_companyId_batchId_key" ON "Sage100ChangeBatch"("companyId", "batchId");

-- AddForeignKey
ALTER TABLE "Sage100PairingCode" ADD CONSTRAINT "Sage100PairingCode_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sage100Agent" ADD CONSTRAINT "Sage100Agent_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sage100Command" ADD CONSTRAINT "Sage100Command_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sage100Command" ADD CONSTRAINT "Sage100Command_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Sage100Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sage100ChangeBatch" ADD CONSTRAINT "Sage100ChangeBatch_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sage100ChangeBatch" ADD CONSTRAINT "Sage100ChangeBatch_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Sage100Agent"("id") ON DELETE SET NULL ON UPDATE CASCADE;
