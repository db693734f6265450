-- AlterTable
ALTER TABLE "SyncRecord" ADD COLUMN     "waitingOnExternalId" TEXT,
ADD COLUMN     "waitingOnModel" TEXT,
ADD COLUMN     "waitingOnSystem" "SyncSystem",
ADD COLUMN     "written" JSONB;

-- CreateTable
CREATE TABLE "FlowState" (
    "companyId" TEXT NOT NULL,
    "flow" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FlowState_pkey" PRIMARY KEY ("companyId","flow")
);

-- CreateIndex
CREATE INDEX "SyncRecord_companyId_waitingOnModel_waitingOnExternalId_idx" ON "SyncRecord"("companyId", "waitingOnModel", "waitingOnExternalId");

-- AddForeignKey
ALTER TABLE "FlowState" ADD CONSTRAINT "FlowState_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Records held waiting for another record (errorField "wait:<model>:<id>", or a sales invoice's "customer:<code>")
-- now wait typed: PENDING, not due, naming the KashFlow ledger row they wait for; the engine releases them.
UPDATE "SyncRecord"
SET "status" = 'PENDING', "waitingOnSystem" = 'KASHFLOW',
    "waitingOnModel" = substring("errorField" from '^wait:([a-z_]+):'),
    "waitingOnExternalId" = substring("errorField" from '^wait:[a-z_]+:(.+)$'),
    "errorField" = NULL, "retryClass" = NULL, "heldBy" = NULL, "nextAttemptAt" = NULL
WHERE "status" = 'HELD' AND "errorCode" = 'WAITING_FOR_RECORD' AND "errorField" ~ '^wait:[a-z_]+:.+$';

UPDATE "SyncRecord"
SET "status" = 'PENDING', "errorCode" = 'WAITING_FOR_RECORD', "waitingOnSystem" = 'KASHFLOW', "waitingOnModel" = 'customer',
    "waitingOnExternalId" = substring("errorField" from '^customer:(.+)$'),
    "errorField" = NULL, "retryClass" = NULL, "heldBy" = NULL, "nextAttemptAt" = NULL
WHERE "status" = 'HELD' AND "errorCode" = 'CUSTOMER_NOT_SYNCED' AND "errorField" ~ '^customer:.+$';

-- The sales-invoice flow's bookmark moves from its ledger row of model "cursor" to the flow-state table.
INSERT INTO "FlowState" ("companyId", "flow", "state", "updatedAt")
SELECT "companyId", "externalId", "payload", "updatedAt" FROM "SyncRecord"
WHERE "model" = 'cursor' AND "system" = 'KASHFLOW' AND "externalId" = 'sales_invoices.kashflow_to_sage100'
ON CONFLICT ("companyId", "flow") DO NOTHING;

DELETE FROM "SyncRecord" WHERE "model" = 'cursor' AND "system" = 'KASHFLOW';

-- What payments and purchases wrote to Sage 100 was read back from their attempts' requests; it is kept on the
-- record now: the latest SYNCED plan of each kind that is read back (receipts, checks, postings, reversals).
UPDATE "SyncRecord" AS r SET "written" = w."written"
FROM (
  SELECT "recordId", jsonb_object_agg("kind", jsonb_build_object('at', to_char("startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'plan', "request")) AS "written"
  FROM (
    SELECT DISTINCT ON (a."recordId", a."request"->>'kind') a."recordId", a."request"->>'kind' AS "kind", a."startedAt", a."request"
    FROM "SyncAttempt" AS a JOIN "SyncRecord" AS s ON s."id" = a."recordId"
    WHERE a."outcome" = 'SYNCED' AND s."system" = 'KASHFLOW' AND s."model" IN ('payment', 'purchase_invoice')
      AND a."request"->>'kind' IN ('receipt', 'adopt', 'check', 'adopt_check', 'post', 'reverse')
    ORDER BY a."recordId", a."request"->>'kind', a."startedAt" DESC
  ) AS latest
  GROUP BY "recordId"
) AS w
WHERE r."id" = w."recordId";
