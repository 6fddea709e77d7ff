// The coordinator console in a real browser (Debian Chromium), against an in-process server with the
// very apps the local stack mounts (API, family form, console files, local sending with the SMS
// outbox) and the SES emulator. A coordinator signs in with the code from the emulator's store, builds
// a 6-question survey, translates it into Spanish and Arabic, imports a CSV, launches, a family answers
// through the link in the invitation email, and the console counts the response. axe-core's WCAG 2.2 AA
// rules run on every screen, at 1280 px and at 390 px, and no screen scrolls sideways.
//
// UPDATE_SCREENSHOTS=1 also writes docs/console-builder.png and docs/console-launch.png (the results
// screenshot, docs/console-results.png, shows the seeded demo survey's 72 responses instead).
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Contact } from "@feedback/core/contact";
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Site } from "@feedback/core/site";
import { createLocalApp } from "../../src/local/server";
import { outbox, startSending } from "../../src/local/sending";
import { emailsTo } from "../../../../test/ses";
import { axe, launch, overflows } from "../support/browser";
import { system } from "../support/fixtures";
import { tokenIn } from "../support/sending";

let browser: Browser;
let server: ServerType;
let base: string;
let sending: ReturnType<typeof startSending>;
const docs = join(__dirname, "../../../../docs");

beforeAll(async () => {
  sending = startSending();
  const app = createLocalApp({ health: async () => ({}), links: { "Mail viewer": inject("sesEndpoint"), "SMS outbox": "/dev/sms" }, outbox });
  server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Links in invitations point at this server.
  process.env.PUBLIC_URL = base;
  browser = await launch();
});

afterAll(async () => {
  sending?.stop();
  await browser?.close();
  await new Promise((r) => server?.close(r));
});

/** A new district with an admin whose sign-in email goes to the SES emulator. */
async function district() {
  const email = `coordinator.${randomBytes(4).toString("hex")}@example.org`;
  const org = await system(async () => {
    const o = await Organisation.create({ name: "Lakeview School District" });
    await Coordinator.create({ orgId: o.id, email, name: "Maya Okafor", role: "admin", siteIds: [] });
    await Site.create({ orgId: o.id, name: "Maple Grove Elementary", code: "MGE" });
    return o;
  });
  return { org, email };
}

async function open(width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  // bypassCSP only lets the test inject axe-core; the console's own policy allows scripts from itself only.
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  return { context, page };
}

const audited: string[] = [];
async function audit(page: Page, label: string) {
  // Settled: nothing still loading (screens mark loading with aria-busy).
  await page.locator("[aria-busy=true]").first().waitFor({ state: "detached", timeout: 15_000 }).catch(() => undefined);
  await expect.poll(() => page.locator("[aria-busy=true]").count(), { timeout: 15_000 }).toBe(0);
  const violations = await axe(page);
  expect(violations.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), label).toEqual([]);
  expect(await overflows(page), `${label} scrolls sideways`).toBe(false);
  audited.push(label);
}

async function shoot(page: Page, name: string, fullPage = true) {
  if (!process.env.UPDATE_SCREENSHOTS) return;
  mkdirSync(docs, { recursive: true });
  await expect.poll(() => page.locator("[aria-busy=true]").count(), { timeout: 15_000 }).toBe(0);
  // Announcements fade after a few seconds; the picture shows the screen itself.
  await page.evaluate(() => document.querySelectorAll("[data-announcement]").forEach((e) => e.remove()));
  await page.screenshot({ path: join(docs, `console-${name}.png`), fullPage });
}

/** Signs in through the form: email, then the code read from the SES emulator's store. */
async function signIn(page: Page, email: string) {
  await page.goto(`${base}/`);
  await page.getByLabel("Your work email").fill(email);
  await audit(page, "sign-in");
  await page.getByRole("button", { name: "Email me a code" }).click();
  await page.getByLabel(/Code from the email/).waitFor();
  const mail = (await emailsTo(email)).at(-1)!;
  const code = /\b(\d{6})\b/.exec(mail.body.text ?? "")![1]!;
  await page.getByLabel(/Code from the email/).fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { level: 1, name: "Surveys" }).waitFor();
}

const announced = (page: Page, text: string | RegExp) => page.locator("[data-announcement]").filter({ hasText: text }).first().waitFor();

// The survey the test builds: six questions of six types, and their Spanish and Arabic translations.
const TITLE = ["Family feedback: spring programmes", "Opiniones de las familias: programas de primavera", "آراء الأسر: برامج الربيع"];
const QUESTIONS: { type: string; text: string[]; options?: string[][] }[] = [
  {
    type: "One choice from a list",
    text: ["Which programme does your child attend?", "¿A qué programa asiste su hijo o hija?", "ما البرنامج الذي يحضره طفلكم؟"],
    options: [
      ["After-school tutoring", "Tutoría después de clases", "دروس تقوية بعد المدرسة"],
      ["Arts and music", "Arte y música", "الفنون والموسيقى"],
      ["Mentoring", "Mentoría", "الإرشاد"],
    ],
  },
  {
    type: "Several choices from a list",
    text: ["What has the programme helped with?", "¿En qué ha ayudado el programa?", "في ماذا ساعد البرنامج؟"],
    options: [
      ["Homework", "Tareas", "الواجبات المنزلية"],
      ["Confidence", "Confianza", "الثقة بالنفس"],
      ["Friendships", "Amistades", "الصداقات"],
    ],
  },
  {
    type: "5-point scale (for example satisfied … dissatisfied)",
    text: ["How satisfied are you with the programme?", "¿Qué tan satisfecho está con el programa?", "ما مدى رضاكم عن البرنامج؟"],
    options: [
      ["Very dissatisfied", "Muy insatisfecho", "غير راضٍ إطلاقًا"],
      ["Dissatisfied", "Insatisfecho", "غير راضٍ"],
      ["Neutral", "Neutral", "محايد"],
      ["Satisfied", "Satisfecho", "راضٍ"],
      ["Very satisfied", "Muy satisfecho", "راضٍ جدًا"],
    ],
  },
  {
    type: "0–10 rating",
    text: ["How likely are you to recommend it to another family?", "¿Qué tan probable es que lo recomiende a otra familia?", "ما مدى احتمال أن توصوا به لأسرة أخرى؟"],
    options: [
      ["Not at all likely", "Nada probable", "غير محتمل إطلاقًا"],
      ["Extremely likely", "Muy probable", "محتمل جدًا"],
    ],
  },
  { type: "Short text answer", text: ["What would make mentoring better?", "¿Qué mejoraría la mentoría?", "ما الذي يجعل الإرشاد أفضل؟"] },
  { type: "Number", text: ["How many of your children take part?", "¿Cuántos de sus hijos participan?", "كم عدد أطفالكم المشاركين؟"] },
];

describe("coordinator console", () => {
  it("signs in, builds and translates a 6-question survey, imports contacts, launches, and counts a family's answer", { timeout: 240_000 }, async () => {
    const { org, email } = await district();
    const { context, page } = await open();
    await signIn(page, email);
    await audit(page, "surveys list (empty)");

    // ---- create and build ----
    await page.getByRole("link", { name: "New survey" }).click();
    await page.getByLabel("Title").fill(TITLE[0]!);
    await audit(page, "new survey");
    await page.getByRole("button", { name: "Create survey" }).click();
    await page.getByRole("heading", { name: "Questions (0)" }).waitFor();

    for (const [i, q] of QUESTIONS.entries()) {
      await page.getByLabel("Type of the new question").selectOption({ label: q.type });
      await page.getByRole("button", { name: "Add a question" }).click();
      // Focus moves to the new question's text.
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(`text-${i}`);
      await page.keyboard.type(q.text[0]!);
      if (q.type.startsWith("One") || q.type.startsWith("Several")) {
        for (const [j, o] of q.options!.entries()) {
          if (j >= 2) await page.locator(`section[data-question]`).nth(i).getByRole("button", { name: "Add an option" }).click();
          await page.locator(`#opt-${i}-${j}`).fill(o[0]!);
        }
      }
    }
    // Required first question; the text question only after "Mentoring".
    await page.locator("section[data-question]").nth(0).getByText("Families must answer this question").click();
    const fifth = page.locator("section[data-question]").nth(4);
    await fifth.getByText("Only show this question depending on an earlier answer").click();
    await fifth.getByLabel("Earlier question").selectOption({ index: 0 });
    await fifth.getByLabel("Value").selectOption({ label: "Mentoring" });
    // Reorder: the last question up, then back down.
    await page.getByRole("button", { name: "Move question 6 up" }).click();
    await expect.poll(() => page.locator("#text-4").inputValue()).toBe(QUESTIONS[5]!.text[0]);
    await page.getByRole("button", { name: "Move question 5 down" }).click();
    await expect.poll(() => page.locator("#text-5").inputValue()).toBe(QUESTIONS[5]!.text[0]);

    // The live preview renders the real family form from the unsaved content.
    const preview = page.frameLocator("iframe[title^='Family form preview']");
    await expect.poll(() => preview.locator("body").textContent(), { timeout: 10_000 }).toContain(QUESTIONS[0]!.text[0]);
    await page.getByRole("button", { name: "Save changes" }).click();
    await announced(page, "Saved.");
    await audit(page, "builder");

    // ---- translations ----
    await page.getByRole("link", { name: "Translations" }).click();
    for (const lang of ["Spanish", "Arabic"]) {
      await page.getByLabel("Add a language").selectOption({ label: lang });
      await page.getByRole("button", { name: "Add language" }).click();
    }
    await expect.poll(() => page.locator("[data-completeness=es]").textContent()).toContain("0% complete");
    await audit(page, "translations (missing highlighted)");
    const fill = async (row: string, texts: string[]) => {
      await page.getByLabel(`${row} in Spanish`, { exact: true }).fill(texts[1]!);
      await page.getByLabel(`${row} in Arabic`, { exact: true }).fill(texts[2]!);
    };
    await fill("Title", TITLE);
    for (const [i, q] of QUESTIONS.entries()) {
      await fill(`Question ${i + 1}`, q.text);
      if (q.type.startsWith("5-point")) for (const [j, o] of q.options!.entries()) await fill(`Question ${i + 1}: point ${j + 1}`, o);
      else if (q.type.startsWith("0–10")) {
        await fill(`Question ${i + 1}: 0 means`, q.options![0]!);
        await fill(`Question ${i + 1}: 10 means`, q.options![1]!);
      } else if (q.options) for (const [j, o] of q.options.entries()) await fill(`Question ${i + 1}: option ${j + 1}`, o);
    }
    expect(await page.locator("[data-completeness=es]").textContent()).toContain("100% complete");
    expect(await page.locator("[data-completeness=ar]").textContent()).toContain("100% complete");
    expect(await page.locator("td.missing").count()).toBe(0);
    await page.getByRole("button", { name: "Save changes" }).click();
    await announced(page, "Saved.");

    // The preview in Arabic is right to left.
    await page.getByRole("link", { name: "Questions" }).click();
    await page.getByLabel("Language", { exact: true }).selectOption({ label: "Arabic" });
    await expect.poll(() => preview.locator("html").getAttribute("dir"), { timeout: 10_000 }).toBe("rtl");
    await expect.poll(() => preview.locator("body").textContent()).toContain(QUESTIONS[0]!.text[2]);
    await page.getByLabel("Language", { exact: true }).selectOption({ label: "Spanish" });
    await expect.poll(() => preview.locator("body").textContent()).toContain(QUESTIONS[0]!.text[1]);
    await shoot(page, "builder", false);

    // ---- settings ----
    await page.getByRole("link", { name: "Settings" }).click();
    for (const d of ["School or programme (site)", "Language the family answered in", "How they were invited (email or text message)"]) await page.getByLabel(d).check();
    await page.getByLabel(/Privacy threshold/).fill("3");
    await page.getByRole("button", { name: "Save settings" }).click();
    // Below the floor is refused inline, before anything is sent.
    expect(await page.getByText("At least 10, your organisation's floor.").isVisible()).toBe(true);
    await page.getByLabel(/Privacy threshold/).fill("12");
    await page.getByRole("button", { name: "Save settings" }).click();
    await announced(page, "Settings saved.");
    await audit(page, "settings");

    // ---- contacts: import a CSV ----
    const tag = randomBytes(3).toString("hex");
    const rosa = `rosa.${tag}@example.org`;
    const omar = `omar.${tag}@example.org`;
    const csv = [
      "Parent name,Email,Mobile,Home language,School",
      `Rosa Martínez,${rosa},,Spanish,Maple Grove Elementary`,
      `Omar Haddad,${omar},,Arabic,Maple Grove Elementary`,
      `Lee Chen,,(202) 555-0142,English,Riverside Middle School`,
      `Nobody,maria@,123,English,Maple Grove Elementary`,
    ].join("\n");
    await page.getByRole("link", { name: "Contacts" }).click();
    await audit(page, "contacts");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name: "families.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Check the file" }).click();
    await page.locator("[data-import-report=checked]").waitFor();
    expect(await page.getByLabel("Email", { exact: true }).inputValue()).toBe("Email");
    expect(await page.getByLabel("School or programme (site)").inputValue()).toBe("School");
    expect(await page.locator("[data-import-report]").textContent()).toContain("1 rejected");
    await audit(page, "contacts (import checked)");
    await page.getByRole("button", { name: "Import 3 contacts" }).click();
    await page.locator("[data-import-report=imported]").waitFor();
    expect(await page.locator("[data-import-report]").textContent()).toContain("3 contacts created");
    // Search finds one by name.
    await page.getByLabel("Name, email or phone").fill("Martínez");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("cell", { name: rosa }).waitFor();

    // ---- launch ----
    await page.getByRole("link", { name: "Surveys" }).click();
    await page.getByRole("link", { name: TITLE[0] }).click();
    await page.getByRole("link", { name: "Launch" }).click();
    await page.locator("section[data-language=es]").waitFor();
    expect(await page.locator("section[data-language=ar] .sample").first().textContent()).toContain(TITLE[2]);
    expect(await page.getByText("Ready to launch.").isVisible()).toBe(true);
    await audit(page, "launch (preview)");
    await shoot(page, "launch");
    await page.getByRole("button", { name: "Launch survey" }).click();
    await audit(page, "launch (confirmation)");
    await page.getByRole("button", { name: "Send 3 invitations" }).click();
    await announced(page, "Launched");
    await page.getByRole("heading", { name: "All invitations handled" }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("3");

    // ---- a family answers through the link in their invitation email ----
    await expect.poll(async () => (await emailsTo(rosa)).length, { timeout: 30_000 }).toBe(1);
    const invitation = (await emailsTo(rosa))[0]!;
    const token = tokenIn(invitation.body.text ?? "");
    expect(invitation.subject).toContain(TITLE[1]);
    const family = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const form = await family.newPage();
    await form.goto(`${base}/s/${token}`);
    expect(await form.getAttribute("html", "lang")).toBe("es");
    await form.getByLabel(QUESTIONS[0]!.options![0]![1]!).check();
    for (let i = 0; i < 6 && !(await form.locator('input[name="_at"][value="review"]').count()); i++) await form.click("button.primary");
    await form.click("button.primary");
    await form.getByRole("heading", { level: 1 }).filter({ hasText: "¡Gracias!" }).waitFor();
    await family.close();

    // ---- the console counts it ----
    await page.getByRole("link", { name: "Results" }).click();
    await expect.poll(() => page.locator("[data-stat=responded]").textContent()).toBe("1");
    expect(await page.locator("[data-stat=rate]").textContent()).toBe("33.3%");
    await page.getByRole("heading", { name: `1. ${QUESTIONS[0]!.text[0]}` }).waitFor();
    await audit(page, "results");
    // What partners will see: nothing, with one respondent under a threshold of 12.
    await page.getByLabel("Show what partners will see (small groups hidden)").check();
    await page.locator("[data-partner-view=withheld]").waitFor();
    expect(await page.locator("[data-partner-view]").textContent()).toContain("fewer than 12");
    await audit(page, "results (what partners will see)");
    // Closing is confirmed first; then the survey says so.
    await page.getByRole("button", { name: "Close survey" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Close survey" }).click();
    await announced(page, "The survey is closed");
    await page.locator("main h1 .badge.closed").waitFor();
    const list = await system(() => Organisation.get(org.id));
    expect(list.name).toBe("Lakeview School District");
    await context.close();
  });

  it("manages partners: create one, share a survey, preview the next email and send it now", { timeout: 120_000 }, async () => {
    const { email } = await district();
    const { context, page } = await open();
    await signIn(page, email);
    await page.getByRole("link", { name: "New survey" }).click();
    await page.getByLabel("Title").fill("Partner check-in");
    await page.getByRole("button", { name: "Create survey" }).click();
    await page.getByRole("heading", { name: "Questions (0)" }).waitFor();
    await page.getByRole("link", { name: "Partners" }).click();
    await audit(page, "partners (empty)");
    await page.getByRole("button", { name: "Add a partner" }).click();
    await page.getByLabel("Name").fill("Northside Youth Arts");
    await page.getByLabel("Contact emails").fill("not an email");
    await page.getByLabel("Partner check-in").check();
    await page.getByRole("button", { name: "Add partner" }).click();
    // An inline error on the field, and nothing added.
    await page.locator("#main .error").first().waitFor();
    await audit(page, "partners (form with error)");
    await page.getByLabel("Contact emails").fill(`programs.${randomBytes(3).toString("hex")}@example.org`);
    await page.getByLabel("Language of their emails").selectOption({ label: "Spanish" });
    await page.getByRole("button", { name: "Add partner" }).click();
    await announced(page, "Partner added.");
    await page.getByRole("heading", { level: 2, name: "Northside Youth Arts" }).waitFor();
    await page.getByRole("button", { name: "Preview next email" }).click();
    await page.frameLocator("iframe[title^='Email preview']").locator("body").waitFor();
    await audit(page, "partners (email preview)");
    // The survey is a draft: there is nothing to send yet, and the console says why.
    await page.getByRole("button", { name: "Send now" }).click();
    await page.locator("[data-announcement=bad]").first().waitFor();
    await page.getByRole("link", { name: "Organisation" }).click();
    await audit(page, "organisation");
    await context.close();
  });

  it("every screen passes axe and fits a 390 px phone without sideways scrolling", { timeout: 120_000 }, async () => {
    const { email, org } = await district();
    // Tables with rows (and their visually hidden labels) are what overflow a phone; give them some.
    await system(() =>
      Promise.all(
        ["Ana Lucía Pérez-Villanueva", "Bo Nguyen", "Chidi Okonkwo"].map((name, i) =>
          Contact.create({ orgId: org.id, name, email: `family.${i}.${randomBytes(3).toString("hex")}@a-rather-long-school-domain.example.org`, language: "es", attributes: { site: "Maple Grove Elementary" } }),
        ),
      ),
    );
    const { context, page } = await open(390);
    await signIn(page, email);
    await page.getByRole("link", { name: "New survey" }).click();
    await page.getByLabel("Title").fill("Phone check");
    await page.getByRole("button", { name: "Create survey" }).click();
    await page.getByRole("heading", { name: "Questions (0)" }).waitFor();
    await page.getByRole("button", { name: "Add a question" }).click();
    await page.keyboard.type("Is the bus on time?");
    const id = decodeURIComponent(/#\/surveys\/([^/]+)/.exec(page.url())![1]!);
    for (const tab of ["build", "translations", "settings", "launch", "results"]) {
      await page.goto(`${base}/#/surveys/${id}/${tab}`);
      await page.locator("main h1").waitFor();
      await audit(page, `390 px: ${tab}`);
    }
    for (const screen of ["surveys", "contacts", "partners", "organisation"]) {
      await page.goto(`${base}/#/${screen}`);
      await page.locator("main h1").waitFor();
      await audit(page, `390 px: ${screen}`);
    }
    await context.close();
  });

  it("is usable from the keyboard alone: skip link, then create a survey without a mouse", { timeout: 120_000 }, async () => {
    const { email } = await district();
    const { context, page } = await open();
    await signIn(page, email);
    // A fresh load: the first Tab reaches the skip link.
    await page.reload();
    await page.locator("main h1").waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.goto(`${base}/#/surveys/new`);
    const title = page.getByLabel("Title", { exact: false }).first();
    await title.waitFor();
    // Focus starts at the heading of the new screen; Tab reaches the title field.
    for (let i = 0; i < 15 && !(await title.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("Keyboard survey");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Questions (0)" }).waitFor();
    expect(await page.locator("main h1").textContent()).toContain("Keyboard survey");
    await context.close();
  });

  // The 100 ms goal itself is a performance figure: the longest main-thread task is printed here, and the
  // test only fails on blocking that no machine load explains (parsing 5,000 rows in the page would take
  // seconds). A timed assertion at 100 ms would fail on a busy CI machine for reasons not in the console.
  it("does not block the page while a 5,000-contact file is checked and imported (parsing is on the server)", { timeout: 120_000 }, async () => {
    const { email } = await district();
    const { context, page } = await open();
    await signIn(page, email);
    await page.getByRole("link", { name: "Contacts" }).click();
    await page.getByRole("heading", { level: 1, name: "Contacts" }).waitFor();
    const tag = randomBytes(3).toString("hex");
    const rows = Array.from({ length: 5000 }, (_, i) => `Family ${i},family.${i}.${tag}@example.org,${["Spanish", "English", "Arabic", "Vietnamese"][i % 4]},Maple Grove Elementary`);
    const csv = ["Name,Email,Language,School", ...rows].join("\n");
    await page.getByLabel("CSV file", { exact: true }).setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    // Long tasks (main-thread work over 50 ms) from the moment the file is chosen (handing the file to the
    // page is the test harness's work, not the console's).
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: "longtask" });
    });
    await page.getByRole("button", { name: "Check the file" }).click();
    // Progress is shown while the server works.
    await page.getByRole("progressbar", { name: "Checking the file" }).waitFor();
    await page.locator("[data-import-report=checked]").waitFor({ timeout: 60_000 });
    await page.getByRole("button", { name: "Import 5000 contacts" }).click();
    await page.locator("[data-import-report=imported]").waitFor({ timeout: 60_000 });
    expect(await page.locator("[data-import-report]").textContent()).toContain("5000 contacts created");
    const longest = await page.evaluate(() => Math.max(0, ...(window as unknown as { longTasks: number[] }).longTasks));
    console.log(`longest main-thread task during a 5,000-contact import: ${Math.round(longest)} ms (goal: under 100 ms)`);
    expect(longest).toBeLessThan(1000);
    await context.close();
  });

  it("checked every screen", () => {
    for (const screen of ["sign-in", "surveys list (empty)", "builder", "translations (missing highlighted)", "settings", "contacts", "launch (preview)", "results", "partners (empty)", "organisation"])
      expect(audited).toContain(screen);
  });
});
