// Next's server keeps a client-sent X-Forwarded-For as it is and adds the socket's address only when there is none,
// so a client could choose its own address. Every request the Node HTTP server receives gets the connection's peer
// appended before Next sees it (whether it runs as `next start`, standalone or `next dev`).
import http from "node:http";
import { appendPeer } from "@/lib/client-address";

const stamped = Symbol.for("ledgerlink.peerStamped");

export function stampPeerAddresses(): void {
  type Emit = (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  const proto = http.Server.prototype as unknown as Record<symbol, boolean> & { emit: Emit };
  if (proto[stamped]) return;
  proto[stamped] = true;
  const emit = proto.emit;
  proto.emit = function (event, ...args) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers["x-forwarded-for"] = appendPeer(
        request.headers["x-forwarded-for"],
        request.socket?.remoteAddress,
      );
    }
    return emit.call(this, event, ...args);
  };
}
