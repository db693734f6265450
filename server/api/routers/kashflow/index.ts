import { createRouter } from "@/server/api/trpc";
import { connectSandbox } from "./connect-sandbox";
import { connectWithPassword } from "./connect-with-password";
import { disconnect } from "./disconnect";
import { startOAuth } from "./start-oauth";
import { status } from "./status";
import { test } from "./test";

export const kashflowRouter = createRouter({
  status,
  startOAuth,
  connectWithPassword,
  connectSandbox,
  test,
  disconnect,
});
