-- CreateTable
CREATE TABLE "MappingEntry" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "targetValue" TEXT NOT NULL,
    "note" TEXT,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MappingEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FxRate" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "fromCurrency" CHAR(3) NOT NULL,
    "toCurrency" CHAR(3) NOT NULL,
    "day" DATE NOT NULL,
    "rate" DECIMAL(20,10) NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FxRate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TieOutDay" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "kashflowMinor" BIGINT NOT NULL,
    "sage100Minor" BIGINT NOT NULL,
    "varianceMinor" BIGINT NOT NULL,
    "documents" INTEGER NOT NULL,
    "variances" JSONB NOT NULL DEFAULT '[]',
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TieOutDay_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MappingEntry_companyId_kind_sourceKey_key" ON "MappingEntry"("companyId", "kind", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "FxRate_companyId_fromCurrency_toCurrency_day_key" ON "FxRate"("companyId", "fromCurrency", "toCurrency", "day");

-- CreateIndex
CREATE INDEX "TieOutDay_companyId_day_idx" ON "TieOutDay"("companyId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "TieOutDay_companyId_day_kind_key" ON "TieOutDay"("companyId", "day", "kind");

-- AddForeignKey
ALTER TABLE "MappingEntry" ADD CONSTRAINT "MappingEntry_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FxRate" ADD CONSTRAINT "FxRate_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TieOutDay" ADD CONSTRAINT "TieOutDay_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
