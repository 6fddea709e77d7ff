// Answering through a survey's public link: once per device, with only the device cookie's hash
// stored, in a marker that holds nothing from the response (DESIGN §3 rules 2 and 3).
import { describe, expect, it } from "vitest";
import { Response } from "../src/response";
import { answeredOnDevice, submitPublic } from "../src/response/public";
import { Survey } from "../src/survey";
import { hash } from "../src/util";
import { content, newOrg, rawGet, rawScan, strings, system } from "./fixtures";

async function openPublic(dimensions: Survey.Dimension[] = ["language", "channel"]) {
  const org = await newOrg();
  const slug = `pub-${Math.random().toString(36).slice(2, 10)}`;
  const survey = await system(() => Survey.create({ orgId: org.id, content: content(), slug, dimensions }));
  await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "open" }));
  return { org, survey, slug };
}
const device = () => `dev-${Math.random().toString(36).slice(2)}-${Date.now().toString(36)}`;

describe("public link responses", () => {
  it("are stored once per device, with the declared dimensions", async () => {
    const { org, survey, slug } = await openPublic();
    const d = device();
    expect(await answeredOnDevice(survey.id, d)).toBe(false);
    const response = await submitPublic({ slug, device: d, language: "es", answers: { safe: "yes" } });
    expect(response).toMatchObject({ anonymity: "anonymous", dimensions: { language: "es", channel: "public" } });
    expect(await answeredOnDevice(survey.id, d)).toBe(true);
    await expect(submitPublic({ slug, device: d, language: "es", answers: { safe: "no" } })).rejects.toMatchObject({
      kind: "conflict",
      code: "response.already_submitted",
    });
    expect(await system(() => Response.listBySurvey({ orgId: org.id, surveyId: survey.id }))).toHaveLength(1);
  });

  it("mark the device with its hash only, and nothing from the response", async () => {
    const { survey, slug } = await openPublic();
    const d = device();
    const response = await submitPublic({ slug, device: d, language: "en", answers: { safe: "no" } });
    const marker = await rawGet({ pk: `PUB#${survey.id}#${hash(d)}`, sk: "ANSWERED" });
    // gsi1 lists a survey's device items for its retention and erasure: by the same hash, nothing more.
    expect(Object.keys(marker!).sort()).toEqual(["gsi1pk", "gsi1sk", "pk", "sk", "type"]);
    expect(marker!.gsi1sk).toBe(`${hash(d)}#ANSWERED`);
    expect(JSON.stringify(await rawScan())).not.toContain(d);
    expect(strings(marker)).not.toContain(response.id);
  });

  it("refuse malformed input as an input error and unknown slugs as not found", async () => {
    await expect(submitPublic({ slug: "x".repeat(61), device: device(), language: "en", answers: {} })).rejects.toMatchObject({ kind: "input" });
    await expect(submitPublic({ slug: "s-ok", device: "short", language: "en", answers: {} })).rejects.toMatchObject({ kind: "input" });
    await expect(submitPublic({ slug: "no-such-link", device: device(), language: "en", answers: { safe: "yes" } })).rejects.toMatchObject({
      kind: "not_found",
    });
  });
});
