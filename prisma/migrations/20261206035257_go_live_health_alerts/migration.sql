-- CreateEnum
CREATE TYPE "PauseReason" AS ENUM ('PERSON', 'PERIOD_END', 'AGENT_REVOKED', 'BILLING');

-- AlterEnum: the lifecycle's names (SETUP -> SETTING_UP, ACTIVE -> LIVE); rows keep their values
ALTER TYPE "CompanyStatus" RENAME VALUE 'SETUP' TO 'SETTING_UP';
ALTER TYPE "CompanyStatus" RENAME VALUE 'ACTIVE' TO 'LIVE';

-- AlterTable
ALTER TABLE "Company" ADD COLUMN     "flowsReviewedAt" TIMESTAMP(3),
ADD COLUMN     "pauseNote" TEXT,
ADD COLUMN     "pauseReason" "PauseReason",
ADD COLUMN     "pausedAt" TIMESTAMP(3),
ADD COLUMN     "pausedById" TEXT,
ADD COLUMN     "settingsReviewedAt" TIMESTAMP(3),
ADD COLUMN     "wentLiveAt" TIMESTAMP(3),
ADD COLUMN     "wentLiveById" TEXT,
ALTER COLUMN "status" SET DEFAULT 'SETTING_UP';

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN     "headers" JSONB;

-- AlterTable
ALTER TABLE "KashflowConnection" ADD COLUMN     "failingSince" TIMESTAMP(3),
ADD COLUMN     "lastFailure" TEXT,
ADD COLUMN     "lastFailureAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "SyncRecord" ADD COLUMN     "heldBy" TEXT;

-- AlterTable
ALTER TABLE "SyncState" ADD COLUMN     "consecutiveFailures" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "TieOutDay" ADD COLUMN     "missingRates" JSONB NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "Alert" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "href" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "openKey" TEXT,
    "firstSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "emailedAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "resolvedEmailedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRead" (
    "userId" TEXT NOT NULL,
    "alertId" TEXT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertRead_pkey" PRIMARY KEY ("userId","alertId")
);

-- CreateTable
CREATE TABLE "AlertEmail" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "alerts" INTEGER NOT NULL,
    "recipients" INTEGER NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertPreference" (
    "userId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "immediate" JSONB NOT NULL DEFAULT '{}',
    "digest" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertPreference_pkey" PRIMARY KEY ("userId","orgId")
);

-- CreateTable
CREATE TABLE "UserDigest" (
    "userId" TEXT NOT NULL,
    "timeZone" TEXT,
    "lastDay" TEXT,
    "lastSentAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserDigest_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "PreviewRun" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'QUEUED',
    "requestedById" TEXT,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "PreviewRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openKey_key" ON "Alert"("openKey");

-- CreateIndex
CREATE INDEX "Alert_companyId_resolvedAt_idx" ON "Alert"("companyId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Alert_orgId_resolvedAt_idx" ON "Alert"("orgId", "resolvedAt");

-- CreateIndex
CREATE INDEX "Alert_deliveredAt_idx" ON "Alert"("deliveredAt");

-- CreateIndex
CREATE INDEX "AlertEmail_companyId_kind_sentAt_idx" ON "AlertEmail"("companyId", "kind", "sentAt");

-- CreateIndex
CREATE INDEX "PreviewRun_companyId_createdAt_idx" ON "PreviewRun"("companyId", "createdAt");

-- CreateIndex
CREATE INDEX "PreviewRun_status_leaseUntil_idx" ON "PreviewRun"("status", "leaseUntil");

-- AddForeignKey
ALTER TABLE "Alert" ADD CONSTRAINT "Alert_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRead" ADD CONSTRAINT "AlertRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertRead" ADD CONSTRAINT "AlertRead_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEmail" ADD CONSTRAINT "AlertEmail_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertPreference" ADD CONSTRAINT "AlertPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertPreference" ADD CONSTRAINT "AlertPreference_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserDigest" ADD CONSTRAINT "UserDigest_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreviewRun" ADD CONSTRAINT "PreviewRun_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Companies that already carried documents before go-live existed were writing to the books: they are LIVE.
UPDATE "Company" c SET "status" = 'LIVE', "wentLiveAt" = COALESCE(c."updatedAt", CURRENT_TIMESTAMP)
WHERE c."status" = 'SETTING_UP' AND EXISTS (SELECT 1 FROM "SyncRecord" r WHERE r."companyId" = c."id" AND r."status" = 'SYNCED');
UPDATE "Company" SET "wentLiveAt" = COALESCE("wentLiveAt", "updatedAt") WHERE "status" IN ('LIVE', 'PAUSED');
UPDATE "Company" SET "pauseReason" = 'PERSON', "pausedAt" = COALESCE("pausedAt", "updatedAt") WHERE "status" = 'PAUSED' AND "pauseReason" IS NULL;
