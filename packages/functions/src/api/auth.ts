// API authentication and CSRF. A coordinator's session cookie (HttpOnly, Secure over HTTPS,
// SameSite=Strict) is resolved to the core Actor for the rest of the request, so every core operation
// checks the caller's organisation and role itself. State-changing requests must come from our own
// origin (the Origin header), which is how CSRF is refused without tokens in a JSON API.
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { Actor } from "@feedback/core/actor";
import { VisibleError } from "@feedback/core/error";
import { Session } from "@feedback/core/session";
import { isHttps } from "../http/common";

export const SESSION_COOKIE = "sid";

/** Resolves the session (if any) and runs the rest of the request as that actor. */
export const session: MiddlewareHandler = async (c, next) => {
  const actor = await Session.read(getCookie(c, SESSION_COOKIE));
  await Actor.provide(actor ?? { type: "public" }, () => next());
};

/** Refuses requests without a signed-in coordinator (401). */
export const requireCoordinator: MiddlewareHandler = async (c, next) => {
  if (Actor.use().type !== "coordinator") throw new VisibleError("auth", "auth.required", "Please sign in.");
  await next();
};

/**
 * Origins allowed to change state: the API's own, plus CONSOLE_ORIGIN where the console is served
 * from another origin (in AWS, CloudFront's, from the site binding; see ../secrets.ts).
 * Nothing the request says about itself beyond its URL is trusted: a non-browser client can send any
 * Origin and X-Forwarded-Host it likes, and sign-in links are built from the Origin accepted here, so
 * trusting a forwarded host would let anyone have a real sign-in email point at their own site.
 */
function allowed(c: Context) {
  const own = new URL(c.req.url).origin;
  return [own, ...(process.env.CONSOLE_ORIGIN ?? "").split(",").map((o) => o.trim().replace(/\/+$/, ""))].filter(Boolean);
}

export const sameOrigin: MiddlewareHandler = async (c, next) => {
  if (!["GET", "HEAD", "OPTIONS"].includes(c.req.method)) {
    const origin = c.req.header("origin");
    if (!origin || !allowed(c).includes(origin))
      throw new VisibleError("forbidden", "auth.bad_origin", "This request did not come from the console. Please reload the page and try again.");
  }
  await next();
};

export function setSession(c: Context, token: string, expiresAt: number) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: isHttps(c),
    sameSite: "Strict",
    path: "/",
    expires: new Date(expiresAt * 1000),
  });
}

export function clearSession(c: Context) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: isHttps(c) });
}
