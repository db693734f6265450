// The Inngest client. With INNGEST_SIGNING_KEY (Cloud or self-hosted) or INNGEST_DEV=1 it serves functions;
// without either, the in-process runner drives the same sync stages (see notes/architecture.md).
import { Inngest } from "inngest";

export const inngest = new Inngest({ id: "ledgerlink" });
