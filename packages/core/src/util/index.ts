// Small shared helpers: validated entry points, ids, tokens and hashing.
import { createHash, createHmac, randomFillSync } from "node:crypto";
import { monotonicFactory } from "ulid";
import * as z from "zod/mini";
import en from "zod/v4/locales/en.js";
import { VisibleError } from "../error";

// Core schemas are written with zod/mini, zod 4's tree-shakable form of the same schemas (same types,
// same parsing): the family form's Lambda bundles them, and classic zod alone weighs 100 KB there
// (DESIGN §7: 150 KB for the whole function). zod/mini ships no error messages, so English ones are
// installed here, once, for every schema (classic zod installs the same when the API loads it).
z.config(en());

/**
 * A core operation that validates its input at the door. `fn.schema` is exposed so handlers and tests
 * reuse the same schema instead of a hand-kept copy.
 *
 * In the domains the family form bundles (survey, organisation, invitation, response), operations are
 * declared as `@__PURE__`-annotated `fn(…)` calls and imported there as `import * as Survey from "…"` (used the same
 * way as `import { Survey }`): together they let esbuild drop every operation the form never calls,
 * such as the console's edits (DESIGN §7 budgets the form function at 150 KB).
 */
export function fn<S extends z.core.$ZodType, R>(schema: S, impl: (input: z.output<S>) => Promise<R>) {
  const wrapped = async (input: z.input<S>): Promise<R> => {
    const parsed = z.safeParse(schema, input);
    if (!parsed.success) throw inputError(parsed.error);
    return impl(parsed.data);
  };
  wrapped.schema = schema;
  return wrapped;
}

/** Turns a zod error into one `input` VisibleError with the offending paths (never the values). */
export function inputError(error: z.core.$ZodError, code = "input.invalid") {
  const issues = error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = issues[0];
  const where = first && first.path ? `${first.path}: ` : "";
  return new VisibleError("input", code, `${where}${first?.message ?? "Invalid input"}`, { issues });
}

/**
 * Text on one line, for email subjects and headers. Titles and names may hold line breaks (a survey
 * title typed in two lines, a name pasted from a spreadsheet), and in a header a line break would end
 * it and start another ("Bcc: …"), so every control character and line separator becomes a space.
 */
export function oneLine(text: string) {
  return text.replace(/[\p{Cc}\u2028\u2029]+/gu, " ");
}

const ulid = monotonicFactory();

/**
 * Prefixed, time-sortable ids (`srv_01J…`). Never use these where time must not be stored:
 * a ULID encodes its creation time to the millisecond (see `randomId` for anonymous responses).
 */
export function createId(prefix: string) {
  return `${prefix}_${ulid()}`;
}

/**
 * 128 random bits from the CSPRNG, drawn from a pool filled 4 KB at a time (as Node's randomUUID
 * does): a page view mints two (CSRF and device cookies), and one call per token was the largest
 * single cost of serving a page. Each value is used once; the pool is never reused.
 */
const pool = Buffer.alloc(4096);
let offset = pool.length;
function random128() {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  offset += 16;
  return pool.toString("base64url", offset - 16, offset);
}

/** A prefixed id with no time in it: 128 random bits. Used for anonymous responses (DESIGN §3 rule 3). */
export function randomId(prefix: string) {
  return `${prefix}_${random128()}`;
}

/** 128-bit random token in base64url (22 characters). */
export function createToken() {
  return random128();
}

/** SHA-256 in base64url: how tokens and codes are stored (DESIGN §3 rule 2). */
export function hash(value: string) {
  return createHash("sha256").update(value).digest("base64url");
}

/** HMAC-SHA-256 truncated to 128 bits, base64url. */
export function hmac128(secret: string, value: string) {
  return createHmac("sha256", secret).update(value).digest().subarray(0, 16).toString("base64url");
}
