// The dev outbox's full bodies (with their sign-in and invitation links) live in this process's memory only, and
// only off production: the EmailMessage table never holds a live link. A restart forgets them (request a new link).
type Body = { text: string; html: string };

const MAX_KEPT = 500;
const globalForOutbox = globalThis as unknown as { ledgerlinkDevOutbox?: Map<string, Body> };
const kept = (globalForOutbox.ledgerlinkDevOutbox ??= new Map());

export function rememberFullBody(messageId: string, body: Body): void {
  kept.set(messageId, body);
  if (kept.size > MAX_KEPT) kept.delete(kept.keys().next().value as string);
}

/** The message as sent when this process still remembers it, else as stored (secrets redacted). */
export function outboxBody<M extends { id: string; text: string; html: string }>(message: M): M {
  const full = kept.get(message.id);
  return full ? { ...message, ...full } : message;
}
