// Hostile input against the family form (public endpoints): random and adversarial paths, query
// strings, headers and bodies, generated with fast-check. Whatever arrives: never a 5xx, and an
// error answer changes nothing stored (rate-limit counters aside, which exist to count such requests).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { form } from "../src/form/app";
import { invite, openSurvey } from "./support/fixtures";
import { snapshot } from "./support/hostile";

let token = "";
let slug = "";
beforeAll(async () => {
  const s = await openSurvey();
  slug = s.slug;
  token = (await invite(s.org.id, s.survey.id)).token;
});

const attacks = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '{"$gt": ""}',
  "\u202Eevil\u202C",
  "\u200B\u200C\u200D\uFEFF",
  "%00%0d%0aSet-Cookie: x=1",
  "../../../../etc/passwd",
  "\uD800",
  "x".repeat(5000),
  "💥".repeat(300),
];
const text = fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom(...attacks), fc.string({ unit: "grapheme", maxLength: 50 }));
const fieldName = fc.oneof(fc.constantFrom("_csrf", "_at", "_action", "q.programme", "q.satisfaction", "q.helped", "q.children", "q.comments", "q.nope", "__proto__", "constructor", "q.__proto__"), text);

describe("hostile input to the family form", () => {
  it("never answers 5xx to random paths, queries and headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/s/${token}`, `/p/${slug}`, "/s/", "/p/", `/s/${token}/done`, "/x"),
        fc.array(fc.tuple(text, text), { maxLength: 4 }),
        fc.record({ "accept-language": text, cookie: text, origin: text }, { requiredKeys: [] }),
        async (path, query, headers) => {
          const qs = new URLSearchParams(query.map(([k, v]) => [k.replace(/\uD800/g, ""), v.replace(/\uD800/g, "")])).toString();
          const safeHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, "")]));
          const res = await form.request(`http://127.0.0.1${path}${qs ? "?" + qs : ""}`, { headers: safeHeaders });
          expect(res.status).toBeLessThan(500);
          const html = await res.text();
          expect(html).not.toContain("<script>alert");
        },
      ),
      { numRuns: 150 },
    );
  });

  it("never answers 5xx to random form posts, and a refused post stores nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(`/s/${token}`, `/p/${slug}`, `/s/${"A".repeat(22)}`),
        fc.array(fc.tuple(fieldName, text), { maxLength: 12 }),
        fc.constantFrom("application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json", "text/plain", ""),
        fc.boolean(),
        async (path, fields, contentType, withCsrf) => {
          const before = await snapshot();
          const body = new URLSearchParams(fields.map(([k, v]) => [k.replace(/\uD800/g, ""), v.replace(/\uD800/g, "")]));
          if (withCsrf) body.set("_csrf", "hostilehostilehostile1");
          const res = await form.request(`http://127.0.0.1${path}`, {
            method: "POST",
            body: body.toString(),
            headers: { ...(contentType ? { "content-type": contentType } : {}), cookie: "fc=hostilehostilehostile1" },
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: 120 },
    );
  });
});
