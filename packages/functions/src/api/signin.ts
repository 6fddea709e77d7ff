// Sign-in, sign-out and the signed-in coordinator. `signin` is public (mounted before the session
// gate); `account` needs a session. The rules (codes hashed, 10 minutes, 5 attempts, rate limits,
// no account enumeration) live in core's SignIn; this file moves them onto HTTP and cookies.
import { Hono, type Context } from "hono";
import { getCookie } from "hono/cookie";
import * as z from "zod";
import { VisibleError } from "@feedback/core/error";
import { Session } from "@feedback/core/session";
import { SignIn } from "@feedback/core/signin";
import { clientIp } from "../http/common";
import { SESSION_COOKIE, clearSession, setSession } from "./auth";
import { body, describe, query } from "./spec";

const Started = z.object({ message: z.string() });

/**
 * Where the sign-in link should open: the console that asked (its Origin was already checked by
 * `sameOrigin`), so the cookie is set on the origin that will use it.
 */
const consoleOrigin = (c: Context) => c.req.header("origin") ?? new URL(c.req.url).origin;

export const signin = new Hono()
  .post(
    "/auth/start",
    describe({
      tag: "auth",
      access: "public",
      status: 202,
      summary: "Email a one-time sign-in code and link",
      description: "Always answers 202, whether or not the address belongs to a coordinator. Rate-limited per address and per IP address.",
      response: Started,
    }),
    body(SignIn.StartInput),
    async (c) => {
      await SignIn.start({ email: c.req.valid("json").email, ip: clientIp(c), base: consoleOrigin(c) });
      return c.json({ result: { message: "If this address belongs to a coordinator, a code is on its way. It works for 10 minutes." } }, 202);
    },
  )
  .post(
    "/auth/verify",
    describe({ tag: "auth", access: "public", summary: "Sign in with the emailed code (sets the session cookie)", response: SignIn.Me.pick({ coordinatorId: true, orgId: true, role: true }) }),
    body(SignIn.VerifyInput),
    async (c) => {
      const { token, expiresAt, coordinator } = await SignIn.verify({ ...c.req.valid("json"), ip: clientIp(c) });
      setSession(c, token, expiresAt);
      return c.json({ result: { coordinatorId: coordinator.id, orgId: coordinator.orgId, role: coordinator.role } }, 200);
    },
  )
  .get(
    "/auth/link",
    describe({ tag: "auth", access: "public", status: 302, summary: "Sign in with the emailed link (sets the session cookie, then opens the console)" }),
    query(z.object({ token: z.string().max(100) })),
    async (c) => {
      // A browser opened this from an email: an expired link goes to the sign-in screen with a reason,
      // not to a JSON error page. Anything other than a VisibleError is still a 500.
      const outcome = await SignIn.link({ token: c.req.valid("query").token, ip: clientIp(c) }).catch((err: unknown) => {
        if (err instanceof VisibleError) return err;
        throw err;
      });
      c.header("Cache-Control", "no-store");
      if (outcome instanceof VisibleError) return c.redirect(`/?signin=${encodeURIComponent(outcome.code)}`, 302);
      setSession(c, outcome.token, outcome.expiresAt);
      return c.redirect("/", 302);
    },
  )
  .post("/auth/signout", describe({ tag: "auth", access: "public", status: 204, summary: "Sign out (ends the session and clears the cookie)" }), async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await Session.end(token);
    clearSession(c);
    return c.body(null, 204);
  });

export const account = new Hono()
  .get("/me", describe({ tag: "auth", access: "coordinator", summary: "The signed-in coordinator and the organisations they can switch to", response: SignIn.Me }), async (c) =>
    c.json({ result: await SignIn.me({}) }, 200),
  )
  .post(
    "/auth/switch",
    describe({ tag: "auth", access: "coordinator", summary: "Switch to another organisation the same person coordinates in (new session)", response: SignIn.Me.pick({ coordinatorId: true, orgId: true, role: true }) }),
    body(SignIn.SwitchInput),
    async (c) => {
      const { token, expiresAt, coordinator } = await SignIn.switchOrg(c.req.valid("json"));
      const old = getCookie(c, SESSION_COOKIE);
      if (old) await Session.end(old);
      setSession(c, token, expiresAt);
      return c.json({ result: { coordinatorId: coordinator.id, orgId: coordinator.orgId, role: coordinator.role } }, 200);
    },
  );
