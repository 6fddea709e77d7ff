// Test data made through the real core operations (never written around them).
import { randomBytes } from "node:crypto";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Invitation } from "@feedback/core/invitation";
import { Organisation } from "@feedback/core/organisation";
import { Store } from "@feedback/core/store";
import { Survey } from "@feedback/core/survey";
import { demoContent } from "../../src/local/demo-survey";

process.env.TOKEN_SECRET ??= "test-token-secret";
process.env.SESSION_SECRET ??= "test-session-secret";

export const system = <R>(run: () => Promise<R>) => Actor.provide({ type: "system" }, run);

export const uniqueSlug = (prefix = "s") => `${prefix}-${randomBytes(4).toString("hex")}`;

/** An organisation with an open survey (the demo content unless given) and a public slug. */
export async function openSurvey(opts: { content?: Survey.Content; anonymity?: "anonymous" | "confidential"; settings?: Partial<Parameters<typeof Survey.create>[0]>; open?: boolean } = {}) {
  return system(async () => {
    const org = await Organisation.create({ name: "Test District" });
    const slug = uniqueSlug();
    const survey = await Survey.create({
      orgId: org.id,
      slug,
      content: opts.content ?? demoContent,
      anonymity: opts.anonymity ?? "anonymous",
      dimensions: ["site", "language", "channel"],
      ...opts.settings,
    });
    const info = opts.open === false ? survey : await Survey.transition({ orgId: org.id, id: survey.id, to: "open" });
    return { org, survey: info, slug };
  });
}

/** A contact and an invitation for it; returns the link token. */
export async function invite(orgId: string, surveyId: string, opts: { language?: string; channel?: "email" | "sms"; site?: string } = {}) {
  return system(async () => {
    const contact = await Contact.create({
      orgId,
      name: "Amina Farah",
      email: `amina.${randomBytes(3).toString("hex")}@example.org`,
      language: opts.language ?? "en",
      attributes: { site: opts.site ?? "Maple Grove Elementary", grade_band: "K-2" },
    });
    const { info, token } = await Invitation.create({
      orgId,
      surveyId,
      contactId: contact.id,
      channel: opts.channel ?? "email",
      language: opts.language ?? "en",
      dimensions: { site: opts.site ?? "Maple Grove Elementary", grade_band: "K-2" },
    });
    return { contact, invitation: info, token };
  });
}

// Every item in this test file's table, read raw (strongly consistent): core's own helper.
export { rawScan } from "../../../core/test/fixtures";
