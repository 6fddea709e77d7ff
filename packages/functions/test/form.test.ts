// The family form through HTTP into the real Hono app, against DynamoDB Local: the whole answer flow,
// languages, errors and status pages, exactly-once submission and anonymity of what is stored.
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { describe, expect, it, vi } from "vitest";

// A small public-link limit for this file, so the per-IP limit can be reached in a test.
vi.hoisted(() => {
  process.env.PUBLIC_SUBMIT_LIMIT = "2";
});
import { Actor } from "@feedback/core/actor";
import { Clock } from "@feedback/core/clock";
import { Invitation } from "@feedback/core/invitation";
import { Locale } from "@feedback/core/locale";
import { Response } from "@feedback/core/response";
import { Store } from "@feedback/core/store";
import { Survey } from "@feedback/core/survey";
import { form } from "../src/form/app";
import { client, hidden } from "./support/client";
import { invite, openSurvey, system } from "./support/fixtures";

const responsesOf = (orgId: string, surveyId: string) => system(() => Response.listBySurvey({ orgId, surveyId }));

/** Answers the demo survey's first step (programme, satisfaction, recommend). */
const step1 = (csrf: string, extra: Record<string, string> = {}) => ({
  _csrf: csrf,
  _at: "programme",
  _action: "next",
  "q.programme": "arts",
  "q.satisfaction": "4",
  "q.recommend": "9",
  ...extra,
});

async function answerAll(c: ReturnType<typeof client>, base: string) {
  let page = await c.get(base);
  expect(page.status).toBe(200);
  page = await c.post(base, step1(c.csrf()));
  expect(page.status).toBe(303);
  page = await c.get(base);
  expect(hidden(page.html, "_at")).toBe("helped");
  page = await c.post(base, [["_csrf", c.csrf()], ["_at", "helped"], ["_action", "next"], ["q.helped", "homework"], ["q.helped", "friends"], ["q.barrier", "transport"]]);
  expect(page.status).toBe(303);
  page = await c.get(base);
  expect(hidden(page.html, "_at")).toBe("barrier_detail");
  page = await c.post(base, { _csrf: c.csrf(), _at: "barrier_detail", _action: "next", "q.barrier_detail": "A closer bus stop", "q.children": "٢" });
  expect(page.status).toBe(303);
  page = await c.get(base);
  expect(hidden(page.html, "_at")).toBe("review");
  return page;
}

describe("family form", () => {
  it("answers a personal link end to end: steps, review, submit, thank-you, then 'already answered'", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "en" });
    const c = client(form);
    const base = `/s/${token}`;
    const review = await answerAll(c, base);
    expect(review.html).toContain("Review your answers");
    expect(review.html).toContain("A closer bus stop");
    const sent = await c.post(base, { _csrf: c.csrf(), _at: "review", _action: "submit" });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${base}/done`);
    const thanks = await c.get(`${base}/done`);
    expect(thanks.status).toBe(200);
    expect(thanks.html).toContain("Thank you!");
    const again = await c.get(base);
    expect(again.status).toBe(409);
    expect(again.html).toContain("You have already answered");

    const [stored] = await responsesOf(org.id, survey.id);
    expect(stored!.answers).toEqual({
      programme: "arts",
      satisfaction: 4,
      recommend: 9,
      helped: ["homework", "friends"],
      barrier: "transport",
      barrier_detail: "A closer bus stop",
      children: 2,
    });
    expect(stored!.dimensions).toEqual({ site: "Maple Grove Elementary", language: "en", channel: "email" });
  });

  it("resumes where the family stopped when the link is opened again", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const first = client(form);
    await first.get(`/s/${token}`);
    expect((await first.post(`/s/${token}`, step1(first.csrf()))).status).toBe(303);
    // Another browser (no cookies), later: the saved step is restored.
    const later = await client(form).get(`/s/${token}`);
    expect(hidden(later.html, "_at")).toBe("helped");
    await first.post(`/s/${token}`, { _csrf: first.csrf(), _at: "helped", _action: "back" });
    const back = await first.get(`/s/${token}`);
    expect(hidden(back.html, "_at")).toBe("programme");
    expect(back.html).toMatch(/value="arts" checked/);
  });

  it("shows every error next to its field, in the family's language, and keeps what was typed", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "es" });
    const c = client(form);
    await c.get(`/s/${token}`);
    const res = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "programme", _action: "next", "q.recommend": "7", "q.satisfaction": "9" });
    expect(res.status).toBe(400);
    expect(res.html).toContain('lang="es"');
    expect(res.html).toMatch(/Hay 2 problemas|2 problemas/);
    // Each error has an id that its inputs point at.
    expect(res.html).toContain('id="q-programme-err"');
    expect(res.html).toMatch(/aria-describedby="q-programme-err"/);
    expect(res.html).toContain('id="q-satisfaction-err"');
    // The rating typed is kept.
    expect(res.html).toMatch(/value="7" checked/);
    expect(await Store.get(Invitation.keyOf(token))).toMatchObject({ answered: false });
  });

  it("honours show-if on the server: a hidden question is neither required nor stored", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const c = client(form);
    const base = `/s/${token}`;
    await c.get(base);
    await c.post(base, step1(c.csrf()));
    // barrier = none hides barrier_detail; a forged value for it is dropped.
    await c.post(base, { _csrf: c.csrf(), _at: "helped", _action: "next", "q.barrier": "none", "q.barrier_detail": "forged" });
    const next = await c.get(base);
    expect(hidden(next.html, "_at")).toBe("children");
    expect(next.html).not.toContain("q.barrier_detail");
    await c.post(base, { _csrf: c.csrf(), _at: "children", _action: "next" });
    expect((await c.post(base, { _csrf: c.csrf(), _at: "review", _action: "submit" })).status).toBe(303);
    const [stored] = await responsesOf(org.id, survey.id);
    expect(stored!.answers).not.toHaveProperty("barrier_detail");
  });

  it("switches language without losing the answers on the page", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "en" });
    const c = client(form);
    await c.get(`/s/${token}`);
    const res = await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "programme", _action: "lang:ar", "q.programme": "health", "q.satisfaction": "5" });
    expect(res.status).toBe(303);
    const page = await c.get(`/s/${token}`);
    expect(page.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(page.html).toContain("الخدمات الصحية");
    expect(page.html).toMatch(/value="health" checked/);
    expect(page.html).toMatch(/value="5" checked/);
    expect(hidden(page.html, "_at")).toBe("programme");
  });

  it("chooses the language: invitation, then ?lang, then Accept-Language, then the survey default", async () => {
    const { org, survey, slug } = await openSurvey();
    const { token } = await invite(org.id, survey.id, { language: "vi" });
    const lang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
    expect(lang((await client(form).get(`/s/${token}?lang=es`, { "accept-language": "ar" })).html)).toBe("vi");
    expect(lang((await client(form).get(`/p/${slug}?lang=es`, { "accept-language": "ar" })).html)).toBe("es");
    expect(lang((await client(form).get(`/p/${slug}`, { "accept-language": "fr-CA,fr;q=0.9,en;q=0.5" })).html)).toBe("fr");
    expect(lang((await client(form).get(`/p/${slug}`, { "accept-language": "zh-TW" })).html)).toBe("zh-Hant");
    expect(lang((await client(form).get(`/p/${slug}`)).html)).toBe("en");
  });

  it("opens in all 15 locales, right-to-left for Arabic and Persian, and marks fallback text with its language", async () => {
    const { slug } = await openSurvey();
    for (const locale of Locale.supported) {
      const page = await client(form).get(`/p/${slug}?lang=${locale}`);
      expect(page.status).toBe(200);
      expect(page.html).toContain(`<html lang="${locale}" dir="${locale === "ar" || locale === "fa" ? "rtl" : "ltr"}">`);
    }
    // Somali lacks the 'recommend' question: shown in English, marked lang="en".
    const so = await client(form).get(`/p/${slug}?lang=so`);
    expect(so.html).toContain('<span lang="en" dir="ltr">How likely are you to recommend the programme to another family?</span>');
    // Korean interface, survey not translated to Korean: all survey text is marked English.
    const ko = await client(form).get(`/p/${slug}?lang=ko`);
    expect(ko.html).toContain('<span lang="en" dir="ltr">Family Partnership Survey</span>');
  });

  it("answers unknown, malformed and expired links with the same 404 page", async () => {
    const c = client(form, "198.51.100.7");
    const a = await c.get(`/s/${"A".repeat(22)}`);
    const b = await c.get(`/s/short`);
    expect(a.status).toBe(404);
    expect(b.status).toBe(404);
    expect(a.html).toBe(b.html.replaceAll("/s/short", `/s/${"A".repeat(22)}`));
    expect(a.html).toContain("This link does not work");
  });

  it("rate-limits token guessing per IP with 429, while valid links from elsewhere still open", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const guesser = client(form, "203.0.113.99");
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) codes.push((await guesser.get(`/s/${String(i).padStart(22, "x")}`)).status);
    expect(codes.slice(0, 20).every((s) => s === 404)).toBe(true);
    const blocked = await guesser.get(`/s/${"y".repeat(22)}`, { "accept-language": "es" });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(blocked.html).toContain("Demasiados intentos");
    expect((await client(form, "203.0.113.5").get(`/s/${token}`)).status).toBe(200);
  });

  it("shows translated pages for a closed survey (410) and one not open yet (403)", async () => {
    const closed = await openSurvey();
    const t1 = await invite(closed.org.id, closed.survey.id, { language: "es" });
    await system(() => Survey.transition({ orgId: closed.org.id, id: closed.survey.id, to: "closed" }));
    const a = await client(form).get(`/s/${t1.token}`);
    expect(a.status).toBe(410);
    expect(a.html).toContain('lang="es"');

    const future = await openSurvey({ settings: { opensAt: new Date(Date.now() + 86400_000).toISOString() } });
    const t2 = await invite(future.org.id, future.survey.id, { language: "ar" });
    const b = await client(form).get(`/s/${t2.token}`);
    expect(b.status).toBe(403);
    expect(b.html).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it("stores one response when submit is pressed ten times at once", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const c = client(form);
    await answerAll(c, `/s/${token}`);
    const results = await Promise.all(Array.from({ length: 10 }, () => c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" })));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(await responsesOf(org.id, survey.id)).toHaveLength(1);
    // A replay later changes nothing either.
    expect((await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" })).status).toBe(409);
    expect(await responsesOf(org.id, survey.id)).toHaveLength(1);
  });

  it("in anonymous mode stores no token, contact, invitation, IP, user agent or time finer than the day", async () => {
    const { org, survey } = await openSurvey({ anonymity: "anonymous" });
    const { token, contact, invitation } = await invite(org.id, survey.id);
    const c = client(form, "192.0.2.55", { "user-agent": "TestPhone/1.0 (Android 9)" });
    await answerAll(c, `/s/${token}`);
    await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" });
    const scan = await Store.client().send(new ScanCommand({ TableName: Store.table() }));
    const responses = (scan.Items ?? []).filter((i) => i.type === "response" && i.surveyId === survey.id);
    expect(responses).toHaveLength(1);
    const raw = JSON.stringify(responses[0]);
    for (const secret of [token, contact.id, invitation.id, "192.0.2.55", "TestPhone", Invitation.keyOf(token).pk.slice(4)]) expect(raw).not.toContain(secret);
    // No ISO time, no epoch milliseconds, no ULID (which encodes a millisecond time).
    expect(raw).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(raw).not.toMatch(/\b1\d{12}\b/);
    // The only ULIDs are the survey's and organisation's ids; the response's own id has no time in it.
    expect(raw.replaceAll(survey.id, "").replaceAll(org.id, "")).not.toMatch(/[0-9A-HJKMNP-TV-Z]{26}/);
    expect(responses[0]!.id).toMatch(/^res_[A-Za-z0-9_-]{22}$/);
    expect(responses[0]!.submittedOn).toBe(Clock.day());
    // The draft is gone and the invitation only knows it was answered.
    const inv = (scan.Items ?? []).find((i) => i.type === "invitation" && i.id === invitation.id)!;
    expect(inv.answered).toBe(true);
    expect(Object.keys(inv).filter((k) => /answer|respon/i.test(k))).toEqual(["answered"]);
    expect((scan.Items ?? []).some((i) => i.type === "draft" && i.pk === Invitation.keyOf(token).pk)).toBe(false);
  });

  it("in confidential mode keeps the contact for follow-up", async () => {
    const { org, survey } = await openSurvey({ anonymity: "confidential" });
    const { token, contact } = await invite(org.id, survey.id);
    const c = client(form);
    const review = await answerAll(c, `/s/${token}`);
    void review;
    await c.post(`/s/${token}`, { _csrf: c.csrf(), _at: "review", _action: "submit" });
    const [stored] = await responsesOf(org.id, survey.id);
    expect(stored!.contactId).toBe(contact.id);
  });

  it("refuses a post without the form's token or from another site, changing nothing", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    const c = client(form);
    await c.get(`/s/${token}`);
    const forged = await c.post(`/s/${token}`, step1("wrong"));
    expect(forged.status).toBe(403);
    const foreign = await c.post(`/s/${token}`, step1(c.csrf()), { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await Store.get({ pk: Invitation.keyOf(token).pk, sk: "DRAFT" })).toBeUndefined();
    expect((await c.post(`/s/${token}`, step1(c.csrf()), { origin: "http://127.0.0.1" })).status).toBe(303);
  });

  it("allows one answer per device on a public link, and a rate limit per IP", async () => {
    const { org, survey, slug } = await openSurvey();
    const phone = client(form, "192.0.2.80");
    await answerAll(phone, `/p/${slug}`);
    expect((await phone.post(`/p/${slug}`, { _csrf: phone.csrf(), _at: "review", _action: "submit" })).status).toBe(303);
    expect((await phone.get(`/p/${slug}/done`)).status).toBe(200);
    expect((await phone.get(`/p/${slug}`)).status).toBe(409);
    const other = client(form, "192.0.2.80");
    await answerAll(other, `/p/${slug}`);
    expect((await other.post(`/p/${slug}`, { _csrf: other.csrf(), _at: "review", _action: "submit" })).status).toBe(303);
    const stored = await responsesOf(org.id, survey.id);
    expect(stored).toHaveLength(2);
    expect(stored.map((r) => r.dimensions.channel)).toEqual(["public", "public"]);
    // A third device on the same network within the hour: over the limit (2 here), refused, nothing stored.
    const third = client(form, "192.0.2.80");
    await answerAll(third, `/p/${slug}`);
    const refused = await third.post(`/p/${slug}`, { _csrf: third.csrf(), _at: "review", _action: "submit" });
    expect(refused.status).toBe(429);
    expect(refused.html).toContain("Too many attempts");
    expect(await responsesOf(org.id, survey.id)).toHaveLength(2);
    // Another network is not affected.
    const elsewhere = client(form, "198.51.100.20");
    await answerAll(elsewhere, `/p/${slug}`);
    expect((await elsewhere.post(`/p/${slug}`, { _csrf: elsewhere.csrf(), _at: "review", _action: "submit" })).status).toBe(303);
  });

  it("serves a public link's first page from one rendering per language, each visitor with their own CSRF token", async () => {
    const { slug } = await openSurvey();
    const [a, b] = [client(form, "192.0.2.81"), client(form, "192.0.2.82")];
    const [pa, pb] = [await a.get(`/p/${slug}`), await b.get(`/p/${slug}`)];
    expect(a.csrf()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a.csrf()).not.toBe(b.csrf());
    expect(hidden(pa.html, "_csrf")).toBe(a.csrf());
    expect(hidden(pb.html, "_csrf")).toBe(b.csrf());
    // The same page but for the token; and the token works: the post is accepted.
    expect(pa.html.replace(a.csrf(), "T")).toBe(pb.html.replace(b.csrf(), "T"));
    expect((await a.post(`/p/${slug}`, step1(a.csrf()))).status).toBe(303);
    // Another language is its own page; a visitor with answers gets theirs, rendered for them.
    const es = await client(form, "192.0.2.83").get(`/p/${slug}?lang=es`);
    expect(es.html).toContain('<html lang="es"');
    const back = await a.post(`/p/${slug}`, { _csrf: a.csrf(), _at: "helped", _action: "back" });
    expect(back.status).toBe(303);
    const again = await a.get(`/p/${slug}`);
    expect(again.html).toMatch(/value="arts"[^>]*checked/);
    expect(hidden(again.html, "_csrf")).toBe(a.csrf());
  });

  it("escapes survey text and answers: script tags, bidi overrides and long strings are shown as text", async () => {
    const evil = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const content: Survey.Content = {
      defaultLanguage: "en",
      languages: ["en", "ar"],
      title: { en: `Title ${evil}`, ar: `\u202Eعنوان ${evil}` },
      questions: [
        { id: "q1", type: "single_choice", page: 1, required: true, text: { en: `Q ${evil}` }, options: [{ id: "a", text: { en: `"><script>x</script>` } }, { id: "b", text: { en: "B".repeat(2000) } }] },
        { id: "q2", type: "short_text", page: 1, required: false, maxLength: 500, text: { en: "Say" } },
      ],
    };
    const { slug } = await openSurvey({ content });
    const c = client(form);
    for (const lang of ["en", "ar"]) {
      const page = await c.get(`/p/${slug}?lang=${lang}`);
      expect(page.status).toBe(200);
      expect(page.html).not.toContain("<script>");
      expect(page.html).not.toContain("<img");
      expect(page.html).toContain("&lt;script&gt;");
    }
    await c.post(`/p/${slug}`, { _csrf: c.csrf(), _at: "q1", _action: "next", "q.q1": "a", "q.q2": `${evil}\u202E` });
    const review = await c.get(`/p/${slug}`);
    expect(review.html).not.toContain("<script>");
    expect(review.html).toContain("<bdi>&lt;script&gt;");
  });

  it("sends a strict CSP and no-referrer, refuses oversized bodies, and needs no script", async () => {
    const { slug } = await openSurvey();
    const c = client(form);
    const page = await c.get(`/p/${slug}`);
    const csp = page.headers.get("content-security-policy")!;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.html).not.toMatch(/<script/i);
    const big = await c.post(`/p/${slug}`, { _csrf: c.csrf(), "q.comments": "x".repeat(100_000) });
    expect(big.status).toBe(413);
  });

  it("makes personal links short enough for one SMS", async () => {
    const { org, survey } = await openSurvey();
    const { token } = await invite(org.id, survey.id);
    expect(`https://survey.riverside-usd.org/s/${token}`.length).toBeLessThanOrEqual(60);
    await Actor.provide({ type: "system" }, async () => expect(token).toBe(await Invitation.tokenFor((await Invitation.byToken(token))!.id)));
  });
});
