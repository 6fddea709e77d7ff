// Submitting responses against DynamoDB Local: exactly once per invitation, all-or-nothing with the
// invitation's mark and the draft's deletion, and, in anonymous mode, nothing stored that links a
// response to a person or to a moment finer than the day (DESIGN §3 rules 3 and 4).
process.env.TOKEN_SECRET ??= "test-secret";

import { PutCommand, TransactWriteCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Clock } from "../src/clock";
import { Contact } from "../src/contact";
import { Invitation } from "../src/invitation";
import { Response } from "../src/response";
import { Store } from "../src/store";
import { Survey } from "../src/survey";
import { as, beforeNext, content, coordinatorOf, newOrg, rawGet, strings, system } from "./fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

const answers = { safe: "yes", comment: "The new crossing guard is great." };

async function setup(settings: { anonymity?: "anonymous" | "confidential"; dimensions?: Survey.Dimension[] } = {}) {
  const org = await newOrg();
  const survey = await system(() => Survey.create({ orgId: org.id, content: content(), dimensions: ["site", "language"], ...settings }));
  await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "open" }));
  const contact = await system(() => Contact.create({ orgId: org.id, name: "Ana", email: "ana@x.example", language: "es" }));
  const { info: invitation, token } = await system(() =>
    Invitation.create({
      orgId: org.id,
      surveyId: survey.id,
      contactId: contact.id,
      channel: "sms",
      language: "es",
      dimensions: { site: "site_lincoln", grade_band: "6-8" },
    }),
  );
  // A saved page of an unfinished answer, as the form keeps it until submit.
  await Store.client().send(
    new PutCommand({ TableName: Store.table(), Item: { ...Invitation.draftKeyOf(token), type: "draft", answers: { safe: "no" }, expiresAt: Clock.epochSeconds() + 86_400 } }),
  );
  return { org, survey, contact, invitation, token };
}

const stored = (orgId: string, surveyId: string) => system(() => Response.listBySurvey({ orgId, surveyId }));

describe("submitting a response", () => {
  it("stores the response, marks the invitation answered and deletes the draft", async () => {
    const { org, survey, token } = await setup();
    const response = await Response.submit({ token, answers });
    expect(response).toMatchObject({ orgId: org.id, surveyId: survey.id, version: 1, answers, submittedOn: Clock.day(), anonymity: "anonymous" });
    expect(await stored(org.id, survey.id)).toEqual([response]);
    expect(await Invitation.byToken(token)).toMatchObject({ answered: true });
    expect(await rawGet(Invitation.draftKeyOf(token))).toBeUndefined();
  });

  it("refuses a second submit of the same invitation with 409 and stores nothing new", async () => {
    const { org, survey, token } = await setup();
    await Response.submit({ token, answers });
    const error = await Response.submit({ token, answers: { safe: "no" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "conflict", code: "response.already_submitted", status: 409 });
    const all = await stored(org.id, survey.id);
    expect(all).toHaveLength(1);
    expect(all[0]!.answers).toEqual(answers);
  });

  it("accepts exactly one of ten simultaneous submits of one link", async () => {
    const { org, survey, token } = await setup();
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => Response.submit({ token, answers })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason);
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(9);
    for (const reason of refused) expect(reason).toMatchObject({ kind: "conflict", code: "response.already_submitted" });
    expect(await stored(org.id, survey.id)).toHaveLength(1);
  });

  it("writes nothing when the invitation is answered between the check and the write: the draft stays, no response is stored", async () => {
    const { org, survey, token } = await setup();
    // Another submit lands after this one has read the invitation but before its transaction.
    beforeNext(TransactWriteCommand, () =>
      Store.client().send(
        new UpdateCommand({ TableName: Store.table(), Key: Invitation.keyOf(token), UpdateExpression: "SET answered = :t", ExpressionAttributeValues: { ":t": true } }),
      ),
    );
    await expect(Response.submit({ token, answers })).rejects.toMatchObject({ kind: "conflict", code: "response.already_submitted" });
    vi.restoreAllMocks();
    expect(await stored(org.id, survey.id)).toEqual([]);
    expect(await rawGet(Invitation.draftKeyOf(token))).toMatchObject({ answers: { safe: "no" } });
  });

  it("refuses invalid answers with every field error and stores nothing", async () => {
    const { org, survey, token } = await setup();
    const error = await Response.submit({ token, answers: { comment: 5, extra: "x" } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "input", code: "response.unknown_question" });
    expect((error as { details: { errors: { code: string }[] } }).details.errors.map((e) => e.code).sort()).toEqual([
      "response.required",
      "response.unknown_question",
      "response.wrong_type",
    ]);
    expect(await stored(org.id, survey.id)).toEqual([]);
    expect(await Invitation.byToken(token)).toMatchObject({ answered: false });
    expect(await rawGet(Invitation.draftKeyOf(token))).toBeDefined();
  });

  it("refuses malformed input as an input error, not a server error", async () => {
    await expect(Response.submit({ token: "x".repeat(200), answers })).rejects.toMatchObject({ kind: "input" });
    await expect(Response.submit({ token: "A".repeat(22), answers: "yes" as unknown as Record<string, unknown> })).rejects.toMatchObject({ kind: "input" });
  });

  it("reports unknown and malformed links alike as not found", async () => {
    for (const token of ["A".repeat(22), "short", "!".repeat(22)])
      await expect(Response.submit({ token, answers })).rejects.toMatchObject({ kind: "not_found", code: "invitation.not_found" });
  });

  it("refuses a closed survey", async () => {
    const { org, survey, token } = await setup();
    await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "closed" }));
    await expect(Response.submit({ token, answers })).rejects.toMatchObject({ kind: "conflict", code: "survey.closed" });
    expect(await stored(org.id, survey.id)).toEqual([]);
  });

  it("copies only the reporting dimensions the survey declares", async () => {
    const { org, survey, token } = await setup({ dimensions: ["site", "language"] });
    const response = await Response.submit({ token, answers });
    // grade_band is known to the invitation and channel is known too, but the survey declared neither.
    expect(response.dimensions).toEqual({ site: "site_lincoln", language: "es" });
    expect((await stored(org.id, survey.id))[0]!.dimensions).toEqual({ site: "site_lincoln", language: "es" });
  });
});

describe("anonymous mode", () => {
  const ISO_TIME = /\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
  const EPOCH_MS = /(?<!\d)1\d{12}(?!\d)/;
  const EPOCH_S = /(?<!\d)1\d{9}(?!\d)/;
  const ULID = /[0-9A-HJKMNP-TV-Z]{26}/;

  it("stores no contact, invitation, token, IP, user agent or time finer than the day", async () => {
    const { survey, contact, invitation, token } = await setup({ anonymity: "anonymous" });
    const response = await Response.submit({ token, answers });
    const item = (await rawGet({ pk: `SURVEY#${survey.id}`, sk: `RESP#${response.id}` }))!;
    expect(item).toBeDefined();

    // Exactly these attributes, so nothing new can slip in unnoticed.
    expect(Object.keys(item).sort()).toEqual(
      ["pk", "sk", "gsi2pk", "gsi2sk", "type", "id", "orgId", "surveyId", "version", "answers", "dimensions", "submittedOn", "anonymity"].sort(),
    );
    const values = strings(item);
    for (const forbidden of [contact.id, invitation.id, token, "ana@x.example", "Ana"]) expect(values.join("\n")).not.toContain(forbidden);
    for (const name of ["contactId", "invitationId", "token", "ip", "userAgent", "createdAt", "submittedAt"]) expect(item).not.toHaveProperty(name);

    for (const value of values) {
      expect(value).not.toMatch(ISO_TIME);
      expect(value).not.toMatch(EPOCH_MS);
      expect(value).not.toMatch(EPOCH_S);
    }
    // No number is large enough to be a time either (epoch seconds are above 10^9).
    const numbers = (value: unknown): number[] =>
      typeof value === "number" ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(numbers) : [];
    for (const n of numbers(item)) expect(Math.abs(n)).toBeLessThan(1e9);
    expect(item.submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // The id is 128 random bits, not a ULID (which would carry the submit time to the millisecond).
    expect(response.id).toMatch(/^res_[A-Za-z0-9_-]{22}$/);
    expect(response.id).not.toMatch(new RegExp(`^res_${ULID.source}$`));
  });

  it("marks the invitation answered without recording when", async () => {
    const { token } = await setup({ anonymity: "anonymous" });
    const before = (await rawGet(Invitation.keyOf(token)))!;
    await Response.submit({ token, answers });
    const after = (await rawGet(Invitation.keyOf(token)))!;
    expect(after).toEqual({ ...before, answered: true });
  });

  it("keeps the contact and invitation in confidential mode, for the coordinator's follow-up", async () => {
    const { org, survey, contact, invitation, token } = await setup({ anonymity: "confidential" });
    const response = await Response.submit({ token, answers });
    expect(response).toMatchObject({ anonymity: "confidential", contactId: contact.id, invitationId: invitation.id });
    expect(await rawGet({ pk: `SURVEY#${survey.id}`, sk: `RESP#${response.id}` })).toMatchObject({ contactId: contact.id, invitationId: invitation.id });
    expect(JSON.stringify(await stored(org.id, survey.id))).not.toContain(token);
  });
});

describe("listing responses", () => {
  it("is limited to the survey's own organisation", async () => {
    const { org, survey, token } = await setup();
    await Response.submit({ token, answers });
    expect(await as(coordinatorOf(org.id), () => Response.listBySurvey({ orgId: org.id, surveyId: survey.id }))).toHaveLength(1);
    const other = await newOrg("Other");
    const outsider = coordinatorOf(other.id);
    await expect(as(outsider, () => Response.listBySurvey({ orgId: org.id, surveyId: survey.id }))).rejects.toMatchObject({ kind: "not_found" });
    // Naming its own organisation with someone else's survey id does not work either.
    await expect(as(outsider, () => Response.listBySurvey({ orgId: other.id, surveyId: survey.id }))).rejects.toMatchObject({
      kind: "not_found",
      code: "survey.not_found",
    });
    await expect(Response.listBySurvey({ orgId: org.id, surveyId: survey.id })).rejects.toMatchObject({ kind: "auth" });
  });
});
