// First-run data for the local stack: a demo district with three schools, a coordinator, two
// partners, the multilingual demo survey at /p/demo, and 72 responses given through the real submit
// path. The numbers are spread so that some segments (a small school, the smaller language groups)
// fall below the privacy floor of 10 — the summaries must show suppression working.
// Everything here is fictional: example.org addresses and 555-01xx numbers.
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Coordinator } from "@feedback/core/coordinator";
import { VisibleError } from "@feedback/core/error";
import { Invitation } from "@feedback/core/invitation";
import { Organisation } from "@feedback/core/organisation";
import { Partner } from "@feedback/core/partner";
import { Response } from "@feedback/core/response";
import { Site } from "@feedback/core/site";
import { Survey } from "@feedback/core/survey";
import { demoContent } from "./demo-survey";

export const DEMO_ORG = "org_demo";
export const DEMO_SURVEY = "srv_demo";
export const DEMO_EMAIL = "coordinator@example.org";

/** A small deterministic PRNG, so every fresh demo looks the same. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function exists() {
  try {
    await Organisation.get(DEMO_ORG);
    return true;
  } catch (err) {
    if (err instanceof VisibleError && err.kind === "not_found") return false;
    throw err;
  }
}

export type SeedResult = { seeded: boolean; responses: number };

export async function seed(): Promise<SeedResult> {
  return Actor.provide({ type: "system" }, async () => {
    if (await exists()) return { seeded: false, responses: 0 };
    const org = await Organisation.create({ id: DEMO_ORG, name: "Riverside Unified School District", country: "US", timeZone: "America/New_York" });
    const sites = await Promise.all(
      [
        ["Maple Grove Elementary", "MGE"],
        ["Riverside Middle School", "RMS"],
        ["Harbor View High School", "HVH"],
      ].map(([name, code]) => Site.create({ orgId: org.id, name: name!, code })),
    );
    await Coordinator.create({ orgId: org.id, email: DEMO_EMAIL, name: "Demo Coordinator", role: "admin", siteIds: [] });
    const year = new Date().getUTCFullYear();
    const agreement = { start: `${year - 1}-08-01`, end: `${year + 1}-07-31` };
    const partners = await Promise.all([
      Partner.create({ orgId: org.id, name: "Northside Youth Arts", kind: "nonprofit", contactEmails: ["programs@northside-arts.example.org"], language: "es", frequency: "weekly", agreement }),
      Partner.create({ orgId: org.id, name: "Lakeside Community College", kind: "university", contactEmails: ["partnerships@lakeside-college.example.org"], language: "en", frequency: "monthly", agreement }),
    ]);
    await Survey.create({
      id: DEMO_SURVEY,
      orgId: org.id,
      slug: "demo",
      content: demoContent,
      anonymity: "anonymous",
      dimensions: ["site", "language", "channel"],
      partnerIds: partners.map((p) => p.id),
    });
    const survey = await Survey.transition({ orgId: org.id, id: DEMO_SURVEY, to: "open" });

    // Who answered: 72 families, unevenly spread, as real response data is.
    const rand = random(20261125);
    const pick = <T,>(weighted: [T, number][]) => {
      let r = rand() * weighted.reduce((s, [, w]) => s + w, 0);
      for (const [v, w] of weighted) if ((r -= w) < 0) return v;
      return weighted[0]![0];
    };
    const siteWeights: [number, number][] = [[0, 45], [1, 40], [2, 8]];
    const languages: [string, number][] = [["en", 34], ["es", 26], ["vi", 7], ["ar", 6], ["zh-Hans", 4], ["ht", 2], ["so", 1]];
    const comments: Record<string, string> = {
      en: "The tutors are patient and my son looks forward to it.",
      es: "Mi hija ahora hace la tarea con más confianza.",
      vi: "Con tôi rất thích lớp học nhạc.",
      ar: "نتمنى أن يكون هناك حافلة بعد البرنامج.",
    };
    const answered = 72;
    let n = 0;
    // Every random choice is made up front, so the demo is the same whatever order the writes finish in.
    const plans = Array.from({ length: answered }, (_, i) => {
      const lang = pick(languages);
      const site = sites[pick(siteWeights)]!;
      const channel: "sms" | "email" = rand() < 0.55 ? "sms" : "email";
      const barrier = pick<string>([["none", 60], ["transport", 18], ["schedule", 14], ["language", 8]]);
      const answers: Record<string, unknown> = {
        programme: pick<string>([["tutoring", 40], ["arts", 25], ["health", 10], ["mentoring", 25]]),
        satisfaction: pick<number>([[5, 40], [4, 35], [3, 15], [2, 7], [1, 3]]),
        recommend: Math.min(10, Math.floor(4 + rand() * 7.5)),
        helped: ["homework", "confidence", "attendance", "friends"].filter(() => rand() < 0.45),
        barrier,
        ...(barrier !== "none" && rand() < 0.5 ? { barrier_detail: barrier === "transport" ? "A bus stop closer to home" : "Later hours" } : {}),
        children: 1 + Math.floor(rand() * 3),
        ...(comments[lang] && rand() < 0.3 ? { comments: comments[lang] } : {}),
      };
      return { i, lang, site, channel, answers };
    });
    const batch = async ({ i, lang, site, channel, answers }: (typeof plans)[number]) => {
      const contact = await Contact.create({
        orgId: org.id,
        name: `Demo Family ${String(i + 1).padStart(3, "0")}`,
        ...(channel === "email" ? { email: `family${i + 1}@example.org` } : { phone: `+1202555${String(100 + (i % 100)).padStart(4, "0")}` }),
        language: lang,
        attributes: { site: site.name },
        preferredChannel: channel,
      });
      const { token } = await Invitation.create({
        orgId: org.id,
        surveyId: survey.id,
        contactId: contact.id,
        channel,
        language: lang,
        dimensions: { site: site.name },
      });
      await Invitation.setStatus({ token, status: "delivered" });
      await Response.submit({ token, answers });
      n++;
    };
    for (let i = 0; i < answered; i += 8) await Promise.all(plans.slice(i, i + 8).map(batch));
    return { seeded: true, responses: n };
  });
}
