// Through a real Node HTTP server: the handler sees the connection's address last in X-Forwarded-For, so a client
// that writes its own header cannot choose the address the limits count.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { stampPeerAddresses } from "./stamp-peer";
import { requestClientAddress } from "./index";

describe("the peer stamp", () => {
  it("appends the socket's address to whatever X-Forwarded-For the client sent", async () => {
    stampPeerAddresses();
    stampPeerAddresses(); // idempotent: one hop added, not two
    const server = http.createServer((req, res) => {
      const headers = new Headers({ "x-forwarded-for": String(req.headers["x-forwarded-for"]) });
      res.end(JSON.stringify({ header: req.headers["x-forwarded-for"], client: requestClientAddress(headers) }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const spoofed = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "6.6.6.6" } });
      expect(await spoofed.json()).toEqual({ header: "6.6.6.6, 127.0.0.1", client: "127.0.0.1" });
      const plain = await fetch(`http://127.0.0.1:${port}/`);
      expect(await plain.json()).toEqual({ header: "127.0.0.1", client: "127.0.0.1" });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
