// Any /api path no route serves: a plain 404 for every method, body unread. Without it Next answers a form-encoded
// POST to an unknown API path as a server action of the not-found page, and a body that is not form data is a 500.
export const dynamic = "force-dynamic";

function noRoute(): Response {
  return Response.json(
    { error: { code: "NOT_FOUND", message: "There is no API route at this address." } },
    { status: 404, headers: { "cache-control": "no-store" } },
  );
}

export const GET = noRoute;
export const HEAD = noRoute;
export const POST = noRoute;
export const PUT = noRoute;
export const PATCH = noRoute;
export const DELETE = noRoute;
export const OPTIONS = noRoute;
