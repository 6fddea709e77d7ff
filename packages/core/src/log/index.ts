// Structured logs: one JSON line per event, with the request id of the request or job run that caused
// it. Privacy rule 1 and 2 (DESIGN §3): logs never hold contact PII, tokens or answers. Two defences:
// callers may only pass the fields in `Fields` (ids, counts, codes, routes as patterns, never raw paths),
// and every string is scrubbed of anything shaped like an email, a phone number or a token before it
// is written, in case a message slips through.
export * as Log from "./index";

import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export type Fields = {
  route?: string;
  method?: string;
  status?: number;
  durationMs?: number;
  orgId?: string;
  surveyId?: string;
  partnerId?: string;
  job?: string;
  code?: string;
  kind?: string;
  count?: number;
  component?: string;
  url?: string;
  error?: unknown;
  [extra: `n${string}`]: number;
};

type Level = "debug" | "info" | "warn" | "error";
const context = new AsyncLocalStorage<{ requestId: string }>();
let sink: (line: string) => void = (line) => process.stdout.write(line + "\n");

/** Runs `work` with a request id (taken from the platform when there is one) attached to its logs. */
export function withRequest<R>(requestId: string | undefined, work: () => R): R {
  return context.run({ requestId: requestId || randomUUID() }, work);
}

export function requestId() {
  return context.getStore()?.requestId;
}

/** Tests capture the log stream here. */
export function setSink(next: (line: string) => void) {
  const previous = sink;
  sink = next;
  return previous;
}

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[^\s@"'<>]+/g;
/** Phone numbers as people write them, including a leading "(" around the area code. */
const PHONE = /\+?\(?\d[\d\s().-]{6,}\d/g;
/** A long run of base64url characters is treated as a token (ours are 22 characters). */
const LONG_TOKEN = /[A-Za-z0-9_-]{20,}/g;
/** Our own prefixed ULIDs (`srv_01J…`): they identify no person, and logs need them. */
const OWN_ID = /\b[a-z]{2,6}_[0-9A-Z]{26}\b/g;

/**
 * Removes PII-shaped substrings, keeping our own ids. The ids are cut out before the token and phone
 * patterns run, rather than excluded by a lookahead: a ULID can hold eight digits in a row, which the
 * phone pattern would otherwise replace, mangling the id. Tokens are replaced before phones for the
 * same reason the other way round: a token with a run of digits must disappear whole, not be split
 * by "[phone]" into pieces too short to look like a token.
 */
export function scrub(value: string) {
  const text = value.replace(EMAIL, "[email]");
  const scrubPart = (part: string) => part.replace(LONG_TOKEN, "[token]").replace(PHONE, "[phone]");
  let out = "";
  let last = 0;
  for (const match of text.matchAll(OWN_ID)) {
    out += scrubPart(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + scrubPart(text.slice(last));
}

function serialiseError(error: unknown) {
  if (error instanceof Error) {
    const e = error as Error & { code?: string; kind?: string; $metadata?: { httpStatusCode?: number } };
    return {
      name: e.name,
      message: scrub(e.message).slice(0, 500),
      code: e.code,
      kind: e.kind,
      stack: e.stack ? scrub(e.stack.split("\n").slice(1, 8).join("\n")) : undefined,
    };
  }
  return { message: scrub(String(error)).slice(0, 500) };
}

function write(level: Level, event: string, fields: Fields = {}) {
  const { error, ...rest } = fields;
  const line: Record<string, unknown> = { level, time: new Date().toISOString(), event, requestId: requestId() };
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    line[key] = typeof value === "string" ? scrub(value) : value;
  }
  if (error !== undefined) line.error = serialiseError(error);
  sink(JSON.stringify(line));
}

const rank: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };
/** LOG_LEVEL (debug, info, warn, error; default info) drops events below it. */
const enabled = (level: Level) => rank[level] >= (rank[process.env.LOG_LEVEL as Level] ?? rank.info);

export const debug = (event: string, fields?: Fields) => enabled("debug") && write("debug", event, fields);
export const info = (event: string, fields?: Fields) => enabled("info") && write("info", event, fields);
export const warn = (event: string, fields?: Fields) => enabled("warn") && write("warn", event, fields);
export const error = (event: string, fields?: Fields) => write("error", event, fields);
