// Faults injected at the store port, with the real SDK's error classes: what a family sees when
// DynamoDB throttles or times out in the middle of answering, and that nothing is lost or doubled.
import { ProvisionedThroughputExceededException } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { Response } from "@feedback/core/response";
import { Store } from "@feedback/core/store";
import { api } from "../src/api/app";
import { demoContent } from "../src/local/demo-survey";
import { form } from "../src/form/app";
import { client, hidden } from "./support/client";
import { invite, openSurvey, system } from "./support/fixtures";
import { signedIn } from "./support/session";

type Send = ReturnType<typeof Store.client>["send"];
let restore: (() => void) | undefined;
afterEach(() => restore?.());

/** Makes the next `times` store calls whose command is `name` fail with `error`. */
function failNext(name: string, times: number, error: () => Error) {
  const c = Store.client();
  const original = c.send.bind(c) as Send;
  let left = times;
  c.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
    if (left > 0 && command.constructor.name === name) {
      left--;
      return Promise.reject(error());
    }
    return (original as (...a: unknown[]) => unknown)(command, ...rest);
  }) as Send;
  restore = () => {
    c.send = original;
  };
}

const throttled = () => new ProvisionedThroughputExceededException({ message: "Rate of requests exceeds the allowed throughput.", $metadata: {} });
const timedOut = () => Object.assign(new Error("socket hang up"), { name: "TimeoutError" });

async function toReview(token: string) {
  const c = client(form);
  const base = `/s/${token}`;
  await c.get(base);
  await c.post(base, { _csrf: c.csrf(), _at: "programme", _action: "next", "q.programme": "mentoring", "q.satisfaction": "2" });
  await c.post(base, { _csrf: c.csrf(), _at: "helped", _action: "next", "q.barrier": "none" });
  await c.post(base, { _csrf: c.csrf(), _at: "children", _action: "next", "q.comments": "Thank you" });
  expect(hidden((await c.get(base)).html, "_at")).toBe("review");
  return c;
}

describe("faults during answering", () => {
  it("a throttled submit shows 'try again' with the answers kept, and the retry stores exactly one response", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "es" });
    const c = await toReview(token);
    failNext("TransactWriteCommand", 1, throttled);
    const failed = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" });
    expect(failed.status).toBe(503);
    expect(failed.html).toContain('lang="es"');
    expect(failed.html).toContain("Thank you"); // the answers are still on the page
    expect(hidden(failed.html, "_at")).toBe("review");
    expect(await system(() => Response.listBySurvey({ orgId: org.id, surveyId: survey.id }))).toHaveLength(0);
    const retried = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" });
    expect(retried.status).toBe(303);
    expect(await system(() => Response.listBySurvey({ orgId: org.id, surveyId: survey.id }))).toHaveLength(1);
  });

  it("a timed-out page save shows 'try again' with what was typed, and nothing half-saved", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const c = client(form);
    await c.get(`/s/${token}`);
    failNext("PutCommand", 1, timedOut);
    const failed = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "programme", _action: "next", "q.programme": "health", "q.satisfaction": "5", "q.recommend": "6" });
    expect(failed.status).toBe(503);
    expect(failed.html).toMatch(/value="health" checked/);
    expect(failed.html).toMatch(/value="6" checked/);
    const retried = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "programme", _action: "next", "q.programme": "health", "q.satisfaction": "5", "q.recommend": "6" });
    expect(retried.status).toBe(303);
  });

  it("a store that is down while a link is opened gives a 503 'try again' page, not a 500", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "ar" });
    failNext("QueryCommand", 1, throttled);
    // The invitation (and its language) cannot be read, so the browser's language is used.
    const res = await client(form).get(`/s/${token}`, { "accept-language": "ar" });
    expect(res.status).toBe(503);
    expect(res.html).toContain('dir="rtl"');
    expect((await client(form).get(`/s/${token}`)).status).toBe(200);
  });
});

describe("faults in the console API", () => {
  it("answers 503 with Retry-After when the store throttles, times out or is unreachable, changes nothing, and the retry succeeds", async () => {
    const who = await signedIn({ role: "admin" });
    const call = (method: string, path: string, body?: unknown) =>
      api.request(`http://127.0.0.1${path}`, { method, headers: { ...who.headers, ...(body ? { "content-type": "application/json" } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const unreachable = () => Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8000"), { code: "ECONNREFUSED" });
    for (const [command, error] of [["QueryCommand", throttled], ["QueryCommand", timedOut], ["QueryCommand", unreachable]] as const) {
      failNext(command, 1, error);
      const res = await call("GET", "/api/surveys");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("service.unavailable");
      restore!();
      expect((await call("GET", "/api/surveys")).status).toBe(200);
    }
    // A write refused by the store: nothing created; the same request again creates one survey.
    failNext("TransactWriteCommand", 1, throttled);
    const refused = await call("POST", "/api/surveys", { content: demoContent });
    expect(refused.status).toBe(503);
    restore!();
    expect(((await (await call("GET", "/api/surveys")).json()) as { result: unknown[] }).result).toHaveLength(0);
    expect((await call("POST", "/api/surveys", { content: demoContent })).status).toBe(201);
    expect(((await (await call("GET", "/api/surveys")).json()) as { result: unknown[] }).result).toHaveLength(1);
  });
});
