-- CreateTable
CREATE TABLE "Sage100ReferenceList" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "list" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "truncated" BOOLEAN NOT NULL DEFAULT false,
    "fetchedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sage100ReferenceList_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sage100ReferenceList_companyId_list_key" ON "Sage100ReferenceList"("companyId", "list");

-- AddForeignKey
ALTER TABLE "Sage100ReferenceList" ADD CONSTRAINT "Sage100ReferenceList_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
