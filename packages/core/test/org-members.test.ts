// What an organisation owns (sites, coordinators, partners) lives in its partition: each list is one
// Query and never shows another organisation's items. Coordinators are also found by email across
// organisations for sign-in (GSI), and an email is unique within one organisation (transaction).
import { describe, expect, it } from "vitest";
import { Coordinator } from "../src/coordinator";
import { Organisation } from "../src/organisation";
import { Partner } from "../src/partner";
import { Site } from "../src/site";
import { Store } from "../src/store";
import { as, coordinatorOf, newOrg, rawGet, system } from "./fixtures";

const partnerInput = (orgId: string, name: string) => ({
  orgId,
  name,
  kind: "university" as const,
  contactEmails: ["research@uni.example"],
  language: "es",
  agreement: { start: "2025-01-01", end: "2026-06-30" },
});

describe("an organisation's members", () => {
  it("lists each organisation's sites, coordinators and partners, and only its own", async () => {
    const [a, b] = await Promise.all([newOrg("A"), newOrg("B")]);
    await system(async () => {
      await Site.create({ orgId: a.id, name: "Lincoln Elementary", code: "101" });
      await Site.create({ orgId: a.id, name: "Adams Middle" });
      await Site.create({ orgId: b.id, name: "Other" });
      await Coordinator.create({ orgId: a.id, email: "Ana@District.example", name: "Ana", role: "admin", siteIds: [] });
      await Coordinator.create({ orgId: b.id, email: "bo@b.example", name: "Bo", role: "coordinator", siteIds: [] });
      await Partner.create(partnerInput(a.id, "State University"));
    });
    const asA = coordinatorOf(a.id);
    expect((await as(asA, () => Site.list(a.id))).map((s) => s.name).sort()).toEqual(["Adams Middle", "Lincoln Elementary"]);
    const coordinators = await as(asA, () => Coordinator.list(a.id));
    expect(coordinators).toEqual([expect.objectContaining({ name: "Ana", email: "ana@district.example", role: "admin", orgId: a.id })]);
    expect(await as(asA, () => Partner.list(a.id))).toEqual([expect.objectContaining({ name: "State University", frequency: "weekly" })]);
    expect(await as(asA, () => Partner.list(b.id)).catch((e) => e.kind)).toBe("not_found");
    expect(await as(asA, () => Site.list(b.id)).catch((e) => e.kind)).toBe("not_found");
  });

  it("reads a coordinator and a partner back by id", async () => {
    const org = await newOrg();
    const coordinator = await system(() => Coordinator.create({ orgId: org.id, email: "c@x.example", name: "C", role: "coordinator", siteIds: ["site_1"] }));
    const partner = await system(() => Partner.create(partnerInput(org.id, "P")));
    await as(coordinatorOf(org.id), async () => {
      expect(await Coordinator.get({ orgId: org.id, id: coordinator.id })).toEqual(coordinator);
      expect(await Partner.get({ orgId: org.id, id: partner.id })).toEqual(partner);
      await expect(Partner.get({ orgId: org.id, id: "ptn_missing" })).rejects.toMatchObject({ kind: "not_found", code: "partner.not_found" });
    });
  });

  it("finds a coordinator by email in every organisation they work for", async () => {
    const [a, b, c] = await Promise.all([newOrg("A"), newOrg("B"), newOrg("C")]);
    await system(async () => {
      await Coordinator.create({ orgId: a.id, email: "sam@schools.example", name: "Sam", role: "admin", siteIds: [] });
      await Coordinator.create({ orgId: b.id, email: "SAM@schools.example", name: "Sam", role: "coordinator", siteIds: [] });
      await Coordinator.create({ orgId: c.id, email: "someone.else@schools.example", name: "X", role: "coordinator", siteIds: [] });
    });
    const found = await system(() => Coordinator.byEmail("Sam@Schools.example"));
    expect(found.map((f) => [f.orgId, f.role]).sort()).toEqual([[a.id, "admin"], [b.id, "coordinator"]].sort());
    expect(await system(() => Coordinator.byEmail("nobody@schools.example"))).toEqual([]);
  });

  it("lets only the system look coordinators up by email", async () => {
    const org = await newOrg();
    await expect(as(coordinatorOf(org.id, "admin"), () => Coordinator.byEmail("sam@schools.example"))).rejects.toMatchObject({ kind: "forbidden" });
  });

  it("refuses the same email twice in one organisation, and writes neither item of the second", async () => {
    const org = await newOrg();
    const first = await system(() => Coordinator.create({ orgId: org.id, email: "dup@x.example", name: "One", role: "coordinator", siteIds: [] }));
    await expect(
      system(() => Coordinator.create({ orgId: org.id, email: "DUP@x.example", name: "Two", role: "admin", siteIds: [] })),
    ).rejects.toMatchObject({ kind: "conflict", code: "coordinator.email_taken" });
    const all = await system(() => Coordinator.list(org.id));
    expect(all.map((c) => c.id)).toEqual([first.id]);
    expect(await rawGet({ pk: "COORDEMAIL#dup@x.example", sk: `ORG#${org.id}` })).toMatchObject({ coordinatorId: first.id });
  });

  it("lets only an admin add sites and coordinators or change settings", async () => {
    const org = await newOrg();
    const plain = coordinatorOf(org.id, "coordinator");
    await expect(as(plain, () => Site.create({ orgId: org.id, name: "S" }))).rejects.toMatchObject({ kind: "forbidden" });
    await expect(as(plain, () => Coordinator.create({ orgId: org.id, email: "x@y.example", name: "X", role: "admin", siteIds: [] }))).rejects.toMatchObject({
      kind: "forbidden",
    });
    await expect(as(plain, () => Organisation.update({ id: org.id, privacyFloor: 20 }))).rejects.toMatchObject({ kind: "forbidden" });
    const updated = await as(coordinatorOf(org.id, "admin"), () => Organisation.update({ id: org.id, privacyFloor: 20 }));
    expect(updated).toMatchObject({ privacyFloor: 20, name: org.name, timeZone: org.timeZone });
  });

  it("asks a caller with no session to sign in", async () => {
    const org = await newOrg();
    await expect(Site.list(org.id)).rejects.toMatchObject({ kind: "auth" });
  });

  it("keeps every organisation item in the organisation's partition", async () => {
    const org = await newOrg();
    const site = await system(() => Site.create({ orgId: org.id, name: "S" }));
    expect(await rawGet({ pk: `ORG#${org.id}`, sk: "ORG" })).toMatchObject({ type: "org", privacyFloor: 10 });
    expect(await rawGet(Site.key(org.id, site.id))).toMatchObject({ pk: `ORG#${org.id}`, sk: `SITE#${site.id}`, type: "site" });
    expect(await Store.get({ pk: `ORG#${org.id}`, sk: "SITE#missing" })).toBeUndefined();
  });
});
