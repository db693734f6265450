-- CreateEnum
CREATE TYPE "KashflowAuthMethod" AS ENUM ('OAUTH', 'SESSION_TOKEN');

-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('CONNECTED', 'EXPIRED', 'LOCKED', 'ERROR');

-- CreateTable
CREATE TABLE "KashflowConnection" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "authMethod" "KashflowAuthMethod" NOT NULL,
    "apiBaseUrl" TEXT NOT NULL,
    "username" TEXT,
    "secrets" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL,
    "accountName" TEXT,
    "sandboxAccountId" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "lastErrorCode" TEXT,
    "lastError" TEXT,
    "connectedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KashflowConnection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KashflowOAuthState" (
    "id" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "stateHash" TEXT NOT NULL,
    "codeVerifier" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "KashflowOAuthState_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "KashflowConnection_companyId_key" ON "KashflowConnection"("companyId");

-- CreateIndex
CREATE UNIQUE INDEX "KashflowOAuthState_stateHash_key" ON "KashflowOAuthState"("stateHash");

-- CreateIndex
CREATE INDEX "KashflowOAuthState_companyId_idx" ON "KashflowOAuthState"("companyId");

-- AddForeignKey
ALTER TABLE "KashflowConnection" ADD CONSTRAINT "KashflowConnection_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KashflowOAuthState" ADD CONSTRAINT "KashflowOAuthState_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;
