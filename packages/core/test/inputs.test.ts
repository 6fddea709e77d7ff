// Input validation at the door of core: each bad input is refused as an `input` VisibleError naming
// the field, before anything is read or written.
import { describe, expect, it } from "vitest";
import { Contact } from "../src/contact";
import { Coordinator } from "../src/coordinator";
import { VisibleError } from "../src/error";
import { Organisation } from "../src/organisation";
import { Partner } from "../src/partner";
import { Survey } from "../src/survey";
import { content, system } from "./fixtures";

/** Awaits a rejection and returns the issue paths of the input error. */
async function inputIssues(work: () => Promise<unknown>) {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(VisibleError);
  expect(error).toMatchObject({ kind: "input", code: "input.invalid", status: 400 });
  return ((error as VisibleError).details!.issues as { path: string }[]).map((i) => i.path);
}

const orgId = "org_01J00000000000000000000000";

describe("organisation input", () => {
  it("refuses a privacy floor below 5", async () => {
    expect(await inputIssues(() => system(() => Organisation.create({ name: "X", privacyFloor: 4 })))).toEqual(["privacyFloor"]);
    expect(await inputIssues(() => system(() => Organisation.update({ id: orgId, privacyFloor: 3 })))).toEqual(["privacyFloor"]);
  });

  it("refuses a fractional privacy floor", async () => {
    expect(await inputIssues(() => system(() => Organisation.create({ name: "X", privacyFloor: 7.5 })))).toEqual(["privacyFloor"]);
  });

  it("refuses a time zone that is not an IANA zone", async () => {
    expect(await inputIssues(() => system(() => Organisation.create({ name: "X", timeZone: "Mars/Olympus" })))).toEqual(["timeZone"]);
  });

  it("refuses a country that is not a two-letter code, and an empty name", async () => {
    expect(await inputIssues(() => system(() => Organisation.create({ name: "  ", country: "USA" })))).toEqual(["name", "country"]);
  });

  it("refuses a retention shorter than 30 days", async () => {
    expect(await inputIssues(() => system(() => Organisation.create({ name: "X", retentionDays: 7 })))).toEqual(["retentionDays"]);
  });
});

describe("partner input", () => {
  const partner = {
    orgId,
    name: "Eastside Boys & Girls Club",
    kind: "nonprofit" as const,
    contactEmails: ["director@club.example"],
    language: "en",
    agreement: { start: "2025-01-01", end: "2025-12-31" },
  };

  it("refuses an agreement that ends before it starts", async () => {
    expect(await inputIssues(() => system(() => Partner.create({ ...partner, agreement: { start: "2025-06-01", end: "2025-05-31" } })))).toEqual([
      "agreement.end",
    ]);
  });

  it("refuses agreement dates that are not calendar days", async () => {
    expect(await inputIssues(() => system(() => Partner.create({ ...partner, agreement: { start: "2025-13-01", end: "2025-12-31" } })))).toContain(
      "agreement.start",
    );
  });

  it("refuses a threshold below the minimum floor of 5", async () => {
    expect(await inputIssues(() => system(() => Partner.create({ ...partner, privacyThreshold: 2 })))).toEqual(["privacyThreshold"]);
  });

  it("refuses a partner with no contact email, or a malformed one", async () => {
    expect(await inputIssues(() => system(() => Partner.create({ ...partner, contactEmails: [] })))).toEqual(["contactEmails"]);
    expect(await inputIssues(() => system(() => Partner.create({ ...partner, contactEmails: ["not-an-email"] })))).toEqual(["contactEmails.0"]);
  });

  it("knows on which days the agreement is active", () => {
    const info = Partner.Info.parse({ ...partner, id: "ptn_x", frequency: "weekly", createdAt: "2025-01-01T00:00:00.000Z" });
    expect(Partner.isActive(info, "2024-12-31")).toBe(false);
    expect(Partner.isActive(info, "2025-01-01")).toBe(true);
    expect(Partner.isActive(info, "2025-12-31")).toBe(true);
    expect(Partner.isActive(info, "2026-01-01")).toBe(false);
  });
});

describe("contact input", () => {
  it("refuses a contact with neither email nor phone", async () => {
    expect(await inputIssues(() => system(() => Contact.create({ orgId, name: "Ana", language: "es" })))).toEqual(["email"]);
  });

  it.each(["5551234567", "+0551234567", "+1 555 123 4567", "+1555", "+1234567890123456"])("refuses %s as not E.164", async (phone) => {
    expect(await inputIssues(() => system(() => Contact.create({ orgId, phone, language: "es" })))).toEqual(["phone"]);
  });

  it("refuses a malformed email and an unknown language tag", async () => {
    expect(await inputIssues(() => system(() => Contact.create({ orgId, email: "ana@", language: "spanish" })))).toEqual(["email", "language"]);
  });
});

describe("coordinator and survey input", () => {
  it("refuses a coordinator with a malformed email or an unknown role", async () => {
    expect(
      await inputIssues(() => system(() => Coordinator.create({ orgId, email: "x", name: "X", role: "owner" as "admin", siteIds: [] }))),
    ).toEqual(["email", "role"]);
  });

  it("refuses a malformed public link slug", async () => {
    expect(await inputIssues(() => system(() => Survey.create({ orgId, content: content(), slug: "No Spaces" })))).toEqual(["slug"]);
  });

  it("refuses invalid content with the path of the problem", async () => {
    expect(await inputIssues(() => system(() => Survey.create({ orgId, content: { ...content(), languages: ["es"] } })))).toEqual([
      "content.languages",
    ]);
  });
});
