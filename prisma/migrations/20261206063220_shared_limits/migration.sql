-- CreateTable: unlogged, as a budget needs no crash safety (after a crash every bucket starts full) and a take then
-- costs no WAL flush
CREATE UNLOGGED TABLE "RateBucket" (
    "key" TEXT NOT NULL,
    "tatMs" DOUBLE PRECISION NOT NULL,
    "pausedUntilMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "RateBucket_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "KashflowLoginRefusal" (
    "id" TEXT NOT NULL,
    "accountKey" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "accountWide" BOOLEAN NOT NULL,
    "code" TEXT NOT NULL,
    "reason" TEXT,
    "message" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KashflowLoginRefusal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "KashflowLoginRefusal_accountKey_until_idx" ON "KashflowLoginRefusal"("accountKey", "until");
