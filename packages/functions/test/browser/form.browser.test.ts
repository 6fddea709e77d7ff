// The family form in a real browser (Debian Chromium), with JavaScript on and off, at 320 px:
// answering the demo survey end to end in English, Arabic and Chinese, resuming, the language switcher,
// every error page, and axe-core's WCAG 2.2 AA rules on every page seen.
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Response } from "@feedback/core/response";
import { Survey } from "@feedback/core/survey";
import { form } from "../../src/form/app";
import { axe, launch, overflows } from "../support/browser";
import { invite, openSurvey, system } from "../support/fixtures";

let browser: Browser;
let server: ServerType;
let base: string;
let setup: Awaited<ReturnType<typeof openSurvey>>;

beforeAll(async () => {
  server = serve({ fetch: form.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launch();
  setup = await openSurvey();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

async function open(js: boolean): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only lets the test inject axe-core; the app's CSP forbids every script.
  const context = await browser.newContext({ viewport: { width: 320, height: 720 }, javaScriptEnabled: js, bypassCSP: true });
  return { context, page: await context.newPage() };
}

const audited: string[] = [];
async function audit(page: Page, label: string) {
  const violations = await axe(page);
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), label).toEqual([]);
  expect(await overflows(page), `${label} scrolls sideways at 320 px`).toBe(false);
  audited.push(label);
}

const next = (page: Page) => page.click("button.primary");

for (const [lang, dir, word] of [
  ["en", "ltr", "Thank you!"],
  ["ar", "rtl", "شكرًا"],
  ["zh-Hans", "ltr", "谢谢"],
] as const) {
  for (const js of [true, false]) {
    it(`answers the demo survey end to end in ${lang} with JavaScript ${js ? "on" : "off"}`, { timeout: 60_000 }, async () => {
      const { token } = await invite(setup.org.id, setup.survey.id, { language: lang });
      const { context, page } = await open(js);
      await page.goto(`${base}/s/${token}`);
      expect(await page.getAttribute("html", "lang")).toBe(lang);
      expect(await page.getAttribute("html", "dir")).toBe(dir);
      if (js) await audit(page, `${lang} step 1`);
      // Labels are clickable, as a finger would tap them.
      await page.click('label[for="q-programme-1"]');
      await page.check("#q-satisfaction-3");
      await page.check("#q-recommend-9");
      await next(page);
      await page.check("#q-helped-0");
      await page.check("#q-helped-3");
      await page.check("#q-barrier-1");
      await next(page);
      if (js) await audit(page, `${lang} conditional step`);
      await page.fill("#q-barrier_detail", lang === "ar" ? "موقف حافلة أقرب" : "A closer bus stop");
      await page.fill("#q-children", lang === "ar" ? "٣" : "3");
      await page.press("#q-children", "Enter");
      expect(await page.textContent("h1")).not.toBe("");
      expect(await page.locator('input[name="_at"]').getAttribute("value")).toBe("review");
      if (js) await audit(page, `${lang} review`);
      await page.click("button.primary");
      expect(await page.textContent("h1")).toContain(word);
      if (js) await audit(page, `${lang} thank-you`);
      await context.close();
      const stored = await system(() => Response.listBySurvey({ orgId: setup.org.id, surveyId: setup.survey.id }));
      expect(stored.some((r) => r.dimensions.language === lang && r.answers.children === 3 && r.answers.programme === "arts")).toBe(true);
    });
  }
}

it("resumes a half-finished survey in a new browser session, and the switcher keeps typed answers", { timeout: 60_000 }, async () => {
  const { token } = await invite(setup.org.id, setup.survey.id, { language: "es" });
  const first = await open(false);
  await first.page.goto(`${base}/s/${token}`);
  await first.page.check("#q-programme-0");
  await first.page.check("#q-satisfaction-4");
  await next(first.page);
  await first.page.check("#q-barrier-0");
  // Switch to Vietnamese mid-step: the answer just given survives.
  await first.page.click('button[value="lang:vi"]');
  expect(await first.page.getAttribute("html", "lang")).toBe("vi");
  expect(await first.page.isChecked("#q-barrier-0")).toBe(true);
  await first.context.close();

  const second = await open(true);
  await second.page.goto(`${base}/s/${token}`);
  expect(await second.page.getAttribute("html", "lang")).toBe("vi");
  expect(await second.page.isChecked("#q-barrier-0")).toBe(true);
  await second.page.click("button.secondary");
  expect(await second.page.isChecked("#q-programme-0")).toBe(true);
  await second.context.close();
});

it("stays usable at 200% zoom (a 1280 px window seen at 640 CSS px)", { timeout: 30_000 }, async () => {
  const context = await browser.newContext({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2, bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${base}/p/${setup.slug}?lang=vi`);
  await audit(page, "200% zoom (vi)");
  // Every question and the Next button are reachable without sideways scrolling.
  const box = await page.locator("button.primary").boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(640);
  await context.close();
});

describe("error pages", () => {
  it("shows each error page translated, with its status, and passes axe", { timeout: 90_000 }, async () => {
    const { page, context } = await open(true);
    const statusOf = async (url: string) => (await page.goto(url))!.status();

    // Validation errors on the page, tied to their fields.
    const { token } = await invite(setup.org.id, setup.survey.id, { language: "ar" });
    await page.goto(`${base}/s/${token}`);
    await next(page);
    expect(await page.locator(".summary").count()).toBe(1);
    expect(await page.getAttribute("#q-programme", "aria-describedby")).toContain("q-programme-err");
    await audit(page, "validation errors (ar)");

    expect(await statusOf(`${base}/s/${"Z".repeat(22)}?lang=so`)).toBe(404);
    await audit(page, "not found (so)");

    const closed = await openSurvey();
    const c = await invite(closed.org.id, closed.survey.id, { language: "fa" });
    await system(() => Survey.transition({ orgId: closed.org.id, id: closed.survey.id, to: "closed" }));
    expect(await statusOf(`${base}/s/${c.token}`)).toBe(410);
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    await audit(page, "closed (fa)");

    const future = await openSurvey({ settings: { opensAt: new Date(Date.now() + 86400_000).toISOString() } });
    const f = await invite(future.org.id, future.survey.id, { language: "ko" });
    expect(await statusOf(`${base}/s/${f.token}`)).toBe(403);
    await audit(page, "not yet open (ko)");

    const done = await invite(setup.org.id, setup.survey.id, { language: "ht" });
    await system(() => Response.submit({ token: done.token, answers: { programme: "arts", satisfaction: 3, barrier: "none" } }));
    expect(await statusOf(`${base}/s/${done.token}`)).toBe(409);
    await audit(page, "already answered (ht)");

    await context.close();
    // Too many attempts: a guesser's browser, identified by its IP (all loopback here, so this runs last).
    const guess = await open(true);
    let status = 0;
    for (let i = 0; i < 25 && status !== 429; i++) status = (await guess.page.goto(`${base}/s/${String(i).padStart(22, "q")}?lang=zh-Hans`))!.status();
    expect(status).toBe(429);
    await audit(guess.page, "too many attempts (zh-Hans)");
    await guess.context.close();
  });
});

afterAll(() => {
  // Every audited page is listed in the test output for the record.
  console.log(`axe clean on ${audited.length} pages: ${audited.join("; ")}`);
});
