-- CreateEnum
CREATE TYPE "SyncSystem" AS ENUM ('KASHFLOW', 'SAGE100');

-- CreateEnum
CREATE TYPE "SyncRecordStatus" AS ENUM ('PENDING', 'SYNCED', 'HELD', 'FAILED', 'DEAD', 'SKIPPED');

-- CreateTable
CREATE TABLE "SyncRecord" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "system" "SyncSystem" NOT NULL,
    "model" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "SyncRecordStatus" NOT NULL,
    "counterpartId" TEXT,
    "syncedHash" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "errorField" TEXT,
    "retryClass" TEXT,
    "warnings" JSONB NOT NULL DEFAULT '[]',
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "missingSince" TIMESTAMP(3),
    "missingSweeps" INTEGER NOT NULL DEFAULT 0,
    "deletedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncAttempt" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "request" JSONB,
    "response" JSONB,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "retryClass" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EntityLink" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "kashflowId" TEXT NOT NULL,
    "sage100Key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EntityLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncState" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'IDLE',
    "stage" TEXT,
    "cursor" JSONB,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "lastError" TEXT,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "runStartedAt" TIMESTAMP(3),
    "runFinishedAt" TIMESTAMP(3),
    "nextRunAt" TIMESTAMP(3),
    "requestedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncState_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncSettings" (
    "companyId" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncSettings_pkey" PRIMARY KEY ("companyId")
);

-- CreateTable
CREATE TABLE "MatchReview" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "kashflowId" TEXT NOT NULL,
    "candidates" JSONB NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "resolution" TEXT,
    "resolvedBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MatchReview_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncRecord_companyId_status_nextAttemptAt_idx" ON "SyncRecord"("companyId", "status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "SyncRecord_companyId_model_status_idx" ON "SyncRecord"("companyId", "model", "status");

-- CreateIndex
CREATE UNIQUE INDEX "SyncRecord_companyId_system_model_externalId_key" ON "SyncRecord"("companyId", "system", "model", "externalId");

-- CreateIndex
CREATE INDEX "SyncAttempt_recordId_startedAt_idx" ON "SyncAttempt"("recordId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncAttempt_companyId_startedAt_idx" ON "SyncAttempt"("companyId", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "EntityLink_companyId_model_kashflowId_key" ON "EntityLink"("companyId", "model", "kashflowId");

-- CreateIndex
CREATE UNIQUE INDEX "EntityLink_companyId_model_sage100Key_key" ON "EntityLink"("companyId", "model", "sage100Key");

-- CreateIndex
CREATE UNIQUE INDEX "SyncState_companyId_flow_key" ON "SyncState"("companyId", "flow");

-- CreateIndex
CREATE UNIQUE INDEX "MatchReview_companyId_model_kashflowId_key" ON "MatchReview"("companyId", "model", "kashflowId");

-- AddForeignKey
ALTER TABLE "SyncRecord" ADD CONSTRAINT "SyncRecord_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncAttempt" ADD CONSTRAINT "SyncAttempt_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncAttempt" ADD CONSTRAINT "SyncAttempt_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "SyncRecord"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EntityLink" ADD CONSTRAINT "EntityLink_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncState" ADD CONSTRAINT "SyncState_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncSettings" ADD CONSTRAINT "SyncSettings_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatchReview" ADD CONSTRAINT "MatchReview_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
