// The API's gate: a session cookie resolves to a coordinator; without one every route answers 401
// (without revealing which routes exist); state-changing requests from another origin are refused.
import { describe, expect, it } from "vitest";
import { Clock } from "@feedback/core/clock";
import { Session } from "@feedback/core/session";
import { api } from "../src/api/app";
import { signedIn } from "./support/session";

describe("api authentication", () => {
  it("refuses every route without a session with 401 and a JSON error", async () => {
    for (const path of ["/api/me", "/api/surveys", "/api/does-not-exist"]) {
      const res = await api.request(path);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: { code: "auth.required", message: "Please sign in." } });
    }
  });

  it("knows the signed-in coordinator from the session cookie", async () => {
    const { headers, coordinator } = await signedIn({ role: "admin" });
    const res = await api.request("/api/me", { headers });
    expect(res.status).toBe(200);
    expect((await res.json()).result).toMatchObject({ type: "coordinator", orgId: coordinator.orgId, coordinatorId: coordinator.id, role: "admin" });
  });

  it("refuses a state-changing request from another origin or without one (CSRF)", async () => {
    const { headers } = await signedIn();
    const foreign = await api.request("/api/me", { method: "POST", headers: { ...headers, origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect((await foreign.json()).error.code).toBe("auth.bad_origin");
    const none = await api.request("/api/me", { method: "POST", headers: { cookie: headers.cookie } });
    expect(none.status).toBe(403);
  });

  it("forgets expired and ended sessions", async () => {
    const { headers } = await signedIn();
    const restore = Clock.set(new Date(Date.now() + 13 * 3600_000));
    try {
      expect((await api.request("/api/me", { headers })).status).toBe(401);
    } finally {
      restore();
    }
    expect((await api.request("/api/me", { headers })).status).toBe(200);
    await Session.end(headers.cookie.slice(4));
    expect((await api.request("/api/me", { headers })).status).toBe(401);
  });
});
