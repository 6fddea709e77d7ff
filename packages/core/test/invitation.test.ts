// Invitations against DynamoDB Local: a token opens exactly its invitation, and only the token's
// SHA-256 is stored (DESIGN §3 rule 2).
process.env.TOKEN_SECRET ??= "test-secret";

import { describe, expect, it } from "vitest";
import { Contact } from "../src/contact";
import { Invitation } from "../src/invitation";
import { Survey } from "../src/survey";
import { hash } from "../src/util";
import { as, content, coordinatorOf, newOrg, rawGet, rawScan, strings, system } from "./fixtures";

async function setup() {
  const org = await newOrg();
  const survey = await system(() => Survey.create({ orgId: org.id, content: content() }));
  const contact = await system(() => Contact.create({ orgId: org.id, email: "fam@x.example", language: "es", attributes: { site: "site_1" } }));
  const invite = () =>
    system(() =>
      Invitation.create({ orgId: org.id, surveyId: survey.id, contactId: contact.id, channel: "email", language: "es", dimensions: { site: "site_1" } }),
    );
  return { org, survey, contact, invite };
}

describe("invitations", () => {
  it("are opened by their 22-character token", async () => {
    const { invite, survey } = await setup();
    const { info, token } = await invite();
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(info).toMatchObject({ status: "pending", answered: false, remindersSent: 0, surveyId: survey.id });
    expect(await Invitation.byToken(token)).toEqual(info);
    // The token is derived, so a retry of a send recomputes the same link.
    expect(await Invitation.tokenFor(info.id)).toBe(token);
  });

  it("store only the token's hash: no attribute of the item holds the token or a piece of it", async () => {
    const { invite } = await setup();
    const { info, token } = await invite();
    const item = await rawGet(Invitation.keyOf(token));
    expect(item).toMatchObject({ pk: `INV#${hash(token)}`, sk: "INV", id: info.id });
    for (const value of strings(item)) {
      expect(value).not.toContain(token);
      for (let i = 0; i + 8 <= token.length; i++) expect(value).not.toContain(token.slice(i, i + 8));
    }
    // Nor does anything else in the table.
    expect(JSON.stringify(await rawScan())).not.toContain(token);
  });

  it("hold no contact PII, only the copied reporting dimensions", async () => {
    const { invite, contact } = await setup();
    const { token } = await invite();
    const values = strings(await rawGet(Invitation.keyOf(token)));
    expect(values).not.toContain(contact.email);
    expect(values.join(" ")).not.toContain("fam@x.example");
    expect(await Invitation.byToken(token)).toMatchObject({ dimensions: { site: "site_1" }, contactId: contact.id });
  });

  it.each([
    ["too short", "abc"],
    ["too long", "A".repeat(23)],
    ["not base64url", "!".repeat(22)],
    ["empty", ""],
    ["a path", "../../../../etc/passwd1"],
  ])("answer undefined, without an error, for a token that is %s", async (_, token) => {
    await expect(Invitation.byToken(token)).resolves.toBeUndefined();
  });

  it("answer undefined for a well-formed token that opens nothing", async () => {
    await expect(Invitation.byToken("A".repeat(22))).resolves.toBeUndefined();
  });

  it("are listed per survey through the index, for their organisation only", async () => {
    const { org, survey, invite } = await setup();
    const made = [await invite(), await invite(), await invite()];
    const page = await as(coordinatorOf(org.id), () => Invitation.list({ orgId: org.id, surveyId: survey.id, limit: 2 }));
    expect(page.invitations).toHaveLength(2);
    const rest = await as(coordinatorOf(org.id), () => Invitation.list({ orgId: org.id, surveyId: survey.id, cursor: page.cursor }));
    expect([...page.invitations, ...rest.invitations].map((i) => i.id)).toEqual(made.map((m) => m.info.id));
    const other = await newOrg("Other");
    await expect(as(coordinatorOf(other.id), () => Invitation.list({ orgId: org.id, surveyId: survey.id }))).rejects.toMatchObject({ kind: "not_found" });
    expect((await as(coordinatorOf(other.id), () => Invitation.list({ orgId: other.id, surveyId: survey.id }))).invitations).toEqual([]);
  });

  it("record channel status, with the send time only when sent", async () => {
    const { invite } = await setup();
    const { token } = await invite();
    expect(await Invitation.setStatus({ token, status: "queued" })).not.toHaveProperty("lastSentAt");
    expect(await Invitation.setStatus({ token, status: "sent" })).toMatchObject({ status: "sent", lastSentAt: expect.any(String) });
    await expect(Invitation.setStatus({ token: "B".repeat(22), status: "sent" })).rejects.toMatchObject({ kind: "not_found" });
    expect(await rawGet(Invitation.keyOf("B".repeat(22)))).toBeUndefined();
  });
});
