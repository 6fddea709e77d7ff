// Contacts against DynamoDB Local: the only items holding a family's name, email and phone (DESIGN §3
// rule 1), paged per organisation, with opt-outs per channel and erasure on request.
import { describe, expect, it } from "vitest";
import { Contact } from "../src/contact";
import { as, coordinatorOf, newOrg, rawGet, system } from "./fixtures";

describe("contacts", () => {
  it("are created, read back and normalised (email lower-cased, defaults filled)", async () => {
    const org = await newOrg();
    const contact = await system(() =>
      Contact.create({ orgId: org.id, name: "Ana Pérez", email: "Ana.Perez@Mail.example", language: "es", attributes: { site: "site_1", grade_band: "k-2" } }),
    );
    expect(contact).toMatchObject({
      email: "ana.perez@mail.example",
      preferredChannel: "any",
      optedOut: { email: false, sms: false },
      emailStatus: "ok",
      attributes: { site: "site_1", grade_band: "k-2" },
    });
    expect(contact.id).toMatch(/^con_[0-9A-Z]{26}$/);
    expect(await as(coordinatorOf(org.id), () => Contact.get({ orgId: org.id, id: contact.id }))).toEqual(contact);
  });

  it("may have only a phone number", async () => {
    const org = await newOrg();
    const contact = await system(() => Contact.create({ orgId: org.id, phone: "+15551234567", language: "en" }));
    expect(Contact.reachableBy(contact, "sms")).toBe(true);
    expect(Contact.reachableBy(contact, "email")).toBe(false);
  });

  it("are listed a page at a time in creation order, following the cursor to the end", async () => {
    const org = await newOrg();
    const other = await newOrg("Other");
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await system(() => Contact.create({ orgId: org.id, email: `p${i}@x.example`, language: "en" }))).id);
    await system(() => Contact.create({ orgId: other.id, email: "elsewhere@x.example", language: "en" }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await as(coordinatorOf(org.id), () => Contact.list({ orgId: org.id, limit: 3, cursor }));
      expect(page.contacts.length).toBeLessThanOrEqual(3);
      seen.push(...page.contacts.map((c) => c.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(created);
    expect(pages).toBeGreaterThanOrEqual(3);
  });

  it("refuse a cursor taken from another organisation's list", async () => {
    const [a, b] = await Promise.all([newOrg("A"), newOrg("B")]);
    for (let i = 0; i < 2; i++) await system(() => Contact.create({ orgId: b.id, email: `b${i}@x.example`, language: "en" }));
    const { cursor } = await system(() => Contact.list({ orgId: b.id, limit: 1 }));
    expect(cursor).toBeDefined();
    await expect(as(coordinatorOf(a.id), () => Contact.list({ orgId: a.id, limit: 1, cursor }))).rejects.toMatchObject({
      kind: "input",
      code: "input.bad_cursor",
    });
  });

  it("record an opt-out per channel, idempotently, and an opt back in", async () => {
    const org = await newOrg();
    const contact = await system(() => Contact.create({ orgId: org.id, email: "o@x.example", phone: "+15550001111", language: "en" }));
    const ref = { orgId: org.id, id: contact.id };
    const out = await system(() => Contact.setOptOut({ ...ref, channel: "sms" }));
    expect(out.optedOut).toEqual({ email: false, sms: true });
    expect(Contact.reachableBy(out, "sms")).toBe(false);
    expect(Contact.reachableBy(out, "email")).toBe(true);
    expect((await system(() => Contact.setOptOut({ ...ref, channel: "sms" }))).optedOut).toEqual({ email: false, sms: true });
    expect((await system(() => Contact.setOptOut({ ...ref, channel: "sms", optedOut: false }))).optedOut).toEqual({ email: false, sms: false });
  });

  it("keep both opt-outs when an SMS STOP and an email unsubscribe arrive together", async () => {
    const org = await newOrg();
    const contact = await system(() => Contact.create({ orgId: org.id, email: "both@x.example", phone: "+15550002222", language: "en" }));
    const ref = { orgId: org.id, id: contact.id };
    await Promise.all([system(() => Contact.setOptOut({ ...ref, channel: "sms" })), system(() => Contact.setOptOut({ ...ref, channel: "email" }))]);
    expect((await system(() => Contact.get(ref))).optedOut).toEqual({ email: true, sms: true });
  });

  it("report an opt-out for a missing contact as not found, and create nothing", async () => {
    const org = await newOrg();
    const ref = { orgId: org.id, id: "con_01J00000000000000000000000" };
    await expect(system(() => Contact.setOptOut({ ...ref, channel: "email" }))).rejects.toMatchObject({ kind: "not_found", code: "contact.not_found" });
    expect(await rawGet(Contact.key(ref.orgId, ref.id))).toBeUndefined();
  });

  it("are erased completely on request, once", async () => {
    const org = await newOrg();
    const contact = await system(() => Contact.create({ orgId: org.id, name: "Gone", email: "gone@x.example", language: "en" }));
    const ref = { orgId: org.id, id: contact.id };
    await as(coordinatorOf(org.id), () => Contact.erase(ref));
    expect(await rawGet(Contact.key(org.id, contact.id))).toBeUndefined();
    await expect(system(() => Contact.get(ref))).rejects.toMatchObject({ kind: "not_found" });
    await expect(system(() => Contact.erase(ref))).rejects.toMatchObject({ kind: "not_found", code: "contact.not_found" });
  });

  it("are hidden from another organisation's coordinator", async () => {
    const [a, b] = await Promise.all([newOrg("A"), newOrg("B")]);
    const contact = await system(() => Contact.create({ orgId: a.id, email: "a@x.example", language: "en" }));
    await expect(as(coordinatorOf(b.id), () => Contact.get({ orgId: a.id, id: contact.id }))).rejects.toMatchObject({ kind: "not_found" });
    await expect(as(coordinatorOf(b.id), () => Contact.erase({ orgId: a.id, id: contact.id }))).rejects.toMatchObject({ kind: "not_found" });
    expect(await rawGet(Contact.key(a.id, contact.id))).toBeDefined();
  });
});
