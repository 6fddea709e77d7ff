// The console's API client: `hono/client` typed by the API's own route types, so a renamed field or
// route is a compile error here, not a blank screen. Every call goes through `unwrap`, which returns the
// `result` or throws an ApiError carrying the API's `{ error: { code, message, details } }`.
import { hc } from "hono/client";
import type { ApiRoutes } from "@feedback/functions/src/api/app";

export const client = hc<ApiRoutes>(location.origin, { init: { credentials: "same-origin" } });
export const api = client.api;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: { issues?: { path: string; message: string }[]; [k: string]: unknown },
  ) {
    super(message);
  }
  /** The message for a field path such as "content.questions.0.text", if the API named it. */
  forField(path: string) {
    if (this.details?.issues?.some((i) => i.path === path)) return this.details.issues.find((i) => i.path === path)!.message;
    return this.message.startsWith(`${path}: `) ? this.message.slice(path.length + 2) : undefined;
  }
}

let onSignedOut: () => void = () => {};
/** The app registers what happens when the session is gone (back to the sign-in screen). */
export const whenSignedOut = (fn: () => void) => (onSignedOut = fn);

type Resultful<T> = T extends { result: infer R } ? R : never;

/** Awaits a typed call; returns its `result` (undefined for 204) or throws an ApiError. */
export async function unwrap<T>(call: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<Resultful<T>> {
  const res = await call;
  if (res.status === 204) return undefined as Resultful<T>;
  const body = (await res.json().catch(() => undefined)) as { result?: unknown; error?: { code: string; message: string; details?: ApiError["details"] } } | undefined;
  if (!res.ok || !body) {
    if (res.status === 401) onSignedOut();
    const e = body?.error;
    throw new ApiError(res.status, e?.code ?? "network", e?.message ?? "Something went wrong. Please try again.", e?.details);
  }
  return body.result as Resultful<T>;
}

/** A plain fetch for what the typed client cannot send (file uploads), with the same error handling. */
export async function send<R>(path: string, init: RequestInit): Promise<R> {
  return unwrap<{ result: R }>(fetch(path, { credentials: "same-origin", ...init }) as never) as Promise<R>;
}
