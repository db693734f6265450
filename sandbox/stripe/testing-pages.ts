// The stand-in's hosted pages driven as a browser submits them (tests: the stand-in's own and the app's billing).

/** Submits the stand-in's hosted Checkout page as a browser would (a good card unless told otherwise). */
export async function payCheckout(sessionUrl: string, card = "4242 4242 4242 4242"): Promise<Response> {
  const html = await (await fetch(sessionUrl)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (!action) throw new Error(`no payment form on ${sessionUrl}`);
  return fetch(new URL(action, sessionUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ card_number: card }).toString(),
    redirect: "manual",
  });
}

/** Posts one of the stand-in portal page's forms (action plan|quantity|card|cancel|renew). */
export async function portalAction(portalUrl: string, fields: Record<string, string>): Promise<Response> {
  const html = await (await fetch(portalUrl)).text();
  const subscription = /name="subscription" value="([^"]+)"/.exec(html)?.[1] ?? "";
  return fetch(portalUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ subscription, ...fields }).toString(),
    redirect: "manual",
  });
}
