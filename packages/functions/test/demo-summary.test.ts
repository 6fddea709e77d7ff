// The newcomer's first look at partner summaries: on first start the local stack seeds the demo and
// its scheduler runs the summarise job, which sends each demo partner one real summary into the SES
// emulator. Same seed, same job `run` the scheduler calls, same emulator; only the process is this one.
process.env.TOKEN_SECRET ??= "test-token-secret";

import { describe, expect, it } from "vitest";
import { Actor } from "@feedback/core/actor";
import { Partner } from "@feedback/core/partner";
import { emailsTo, type StoredEmail } from "../../../test/ses";
import { jobs } from "../src/jobs";
import { DEMO_ORG, seed } from "../src/local/seed";

const csvOf = (e: StoredEmail) => e.attachments?.find((a) => a.contentType.startsWith("text/csv"));

describe("the demo's partner summaries", () => {
  it("are sent once on first start: multipart HTML and text, a CSV whose counts are all 0 or at least k", { timeout: 120_000 }, async () => {
    await seed();
    const first = await jobs.summarise.run();
    await jobs.summarise.run();
    const partners = await Actor.provide({ type: "system" }, () => Partner.list(DEMO_ORG));
    expect(partners).toHaveLength(2);
    expect(first.count).toBe(2);

    const received = await Promise.all(partners.map((p) => emailsTo(p.contactEmails[0]!)));
    for (const inbox of received) expect(inbox.filter((e) => csvOf(e))).toHaveLength(1);
    const spanish = received[partners.findIndex((p) => p.language === "es")]![0]!;
    expect(spanish.subject).toMatch(/^Encuesta de colaboración con las familias: resultados hasta ahora/);

    // The acceptance check, as a newcomer's script would run it against the emulator's store.
    const withCsv = received.flat().find((e) => csvOf(e))!;
    expect(withCsv.body.html).toMatch(/^<!DOCTYPE html>/);
    expect(withCsv.body.text!.length).toBeGreaterThan(500);
    const lines = Buffer.from(csvOf(withCsv)!.content, "base64").toString("utf8").replace(/^\ufeff/, "").trim().split("\r\n");
    const header = lines[0]!.split(",");
    const count = header.findIndex((h) => /^(n|count|respondents)$/.test(h));
    expect(count).toBeGreaterThan(-1);
    const values = lines.slice(1).map((l) => Number(l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)![count]!.replace(/,$/, "")));
    expect(values.length).toBeGreaterThan(20);
    expect(values.filter((v) => v >= 1 && v <= 9)).toEqual([]);
    // The demo is spread so that suppression shows: some figures and segments are withheld.
    expect(withCsv.body.text).toMatch(/—/);
  });
});
