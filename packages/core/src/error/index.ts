// One error type for everything a person should see. The kind decides the HTTP status in each app's
// single onError; the dotted code is stable for clients and tests; the message is written for a person.
// Anything that is not a VisibleError is a bug and becomes a 500 with no internals.
export const Kinds = ["input", "auth", "forbidden", "not_found", "conflict", "rate_limited", "unavailable"] as const;
export type Kind = (typeof Kinds)[number];

export const statusOf: Record<Kind, 400 | 401 | 403 | 404 | 409 | 429 | 503> = {
  input: 400,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export class VisibleError extends Error {
  override readonly name = "VisibleError";
  constructor(
    readonly kind: Kind,
    readonly code: string,
    message: string,
    /** Machine-readable detail for clients (for example which question failed). Never PII. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
  get status() {
    return statusOf[this.kind];
  }
}
