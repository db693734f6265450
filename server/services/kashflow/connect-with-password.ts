import { AppError } from "@/lib/errors";
import { transaction } from "@/server/db";
import { kashflowEndpointsFromEnv, type KashflowCredentials } from "@/server/integrations/kashflow";
import { clientForCredentials } from "./client-for-company";
import { saveConnection } from "./save-connection";

// Which field of the form a KashFlow login refusal points at.
const FIELD_OF_REASON: Record<string, string> = {
  InvalidCredentials: "password",
  PasswordExpired: "password",
  InvalidMemorableWord: "memorableWord",
};

export type PasswordLogin = { username: string; password: string; memorableWord: string };

/** Logs in with username, password and memorable word; stores the connection only when KashFlow accepted them. */
export async function connectWithPassword(
  input: PasswordLogin & {
    orgId: string;
    companyId: string;
    userId: string;
    apiBaseUrl?: string;
    sandboxAccountId?: string;
  },
) {
  const apiBaseUrl = input.apiBaseUrl ?? kashflowEndpointsFromEnv().apiBaseUrl;
  let credentials: KashflowCredentials = {
    method: "SESSION_TOKEN",
    username: input.username,
    password: input.password,
    memorableWord: input.memorableWord,
  };
  const client = clientForCredentials({
    companyId: input.companyId,
    apiBaseUrl,
    credentials,
    onChange: async (c) => void (credentials = c),
  });
  let accountName: string;
  try {
    accountName = (await client.companyDetails()).companyName;
  } catch (error) {
    const field = error instanceof AppError && error.reason ? FIELD_OF_REASON[error.reason] : undefined;
    if (field && error instanceof AppError)
      throw new AppError("BAD_REQUEST", error.message, {
        fieldErrors: { [field]: [error.message] },
        reason: error.reason,
        cause: error,
      });
    throw error;
  }
  await transaction((tx) =>
    saveConnection(tx, {
      ...input,
      authMethod: "SESSION_TOKEN",
      apiBaseUrl,
      credentials,
      accountName,
      sandboxAccountId: input.sandboxAccountId,
    }),
  );
  return { accountName };
}
