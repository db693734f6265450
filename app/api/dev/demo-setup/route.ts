// Local runs only: the start script asks the app to connect the seeded demo company to its sandboxes.
import { NextResponse, type NextRequest } from "next/server";
import { demoSetupAllowed, setUpDemoConnections } from "@/server/services/demo/set-up-demo";

export const dynamic = "force-dynamic";

export async function POST(req: NextRequest) {
  if (!demoSetupAllowed(req.headers.get("x-ledgerlink-demo-token")))
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "Not found." } }, { status: 404 });
  const result = await setUpDemoConnections();
  return NextResponse.json(result ?? { skipped: "no demo company" });
}
