// The one way the server learns a client's address (pairing and sign-in limits): TRUSTED_PROXY_COUNT hops trusted.
import { clientAddress } from "@/lib/client-address";
import { env } from "@/lib/env";

export function requestClientAddress(headers: Headers): string {
  return clientAddress(headers, env().TRUSTED_PROXY_COUNT);
}
