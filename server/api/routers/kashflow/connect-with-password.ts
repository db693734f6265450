import { z } from "zod";
import { companyProcedure } from "@/server/api/trpc";
import { connectWithPassword as connect } from "@/server/services/kashflow/connect-with-password";

export const connectWithPassword = companyProcedure("company.write")
  .input(
    z.object({
      username: z.string().trim().min(1, "Enter your KashFlow username.").max(200),
      password: z.string().min(1, "Enter your KashFlow password.").max(200),
      memorableWord: z
        .string()
        .trim()
        .min(3, "Enter your whole memorable word; Ledgerlink picks the characters KashFlow asks for.")
        .max(100),
    }),
  )
  .mutation(({ ctx, input }) =>
    connect({
      orgId: ctx.orgId,
      companyId: ctx.companyId,
      userId: ctx.userId,
      username: input.username,
      password: input.password,
      memorableWord: input.memorableWord,
    }),
  );
