// Incremental tallies against DynamoDB Local: folding in any number of runs equals a full recount, a
// run reads only the responses that are new, and retries, crashes and overlapping runs never count a
// response twice or miss one.
process.env.TOKEN_SECRET ??= "test-secret";

import { randomBytes } from "node:crypto";
import { QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";
import { submitPublic } from "../src/response/public";
import { Store } from "../src/store";
import { Survey } from "../src/survey";
import { Tally } from "../src/tally";
import { as, beforeNext, coordinatorOf, newOrg, system } from "./fixtures";

afterEach(() => {
  vi.restoreAllMocks();
});

const content = Survey.Content.parse({
  defaultLanguage: "en",
  languages: ["en", "es"],
  title: { en: "Programme check-in" },
  questions: [
    { id: "programme", type: "single_choice", required: true, text: { en: "Which programme?" }, options: ["arts", "sport", "tutoring"].map((id) => ({ id, text: { en: id } })) },
    { id: "helped", type: "multiple_choice", text: { en: "What helped?" }, options: ["homework", "friends"].map((id) => ({ id, text: { en: id } })) },
    { id: "recommend", type: "rating", text: { en: "Recommend?" } },
    { id: "children", type: "number", min: 1, max: 12, text: { en: "How many children?" } },
    { id: "comments", type: "long_text", text: { en: "Anything else?" } },
  ],
});

async function openSurvey() {
  const org = await newOrg();
  const slug = `t-${randomBytes(4).toString("hex")}`;
  const survey = await system(() => Survey.create({ orgId: org.id, slug, content, dimensions: ["language", "channel"] }));
  await system(() => Survey.transition({ orgId: org.id, id: survey.id, to: "open" }));
  return { orgId: org.id, surveyId: survey.id, slug };
}

/** Submits `n` responses through the real public-link path, varied but deterministic. */
async function answer(slug: string, n: number, from = 0) {
  for (let i = from; i < from + n; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, from + n - i) }, (_, j) => {
        const x = i + j;
        return submitPublic({
          slug,
          device: `device-${slug}-${x}-${randomBytes(6).toString("hex")}`,
          language: ["en", "es", "vi"][x % 3]!,
          answers: {
            programme: ["arts", "sport", "tutoring"][(x * 7) % 3],
            ...(x % 4 ? { helped: ["homework", "friends"].slice(0, 1 + (x % 2)) } : {}),
            ...(x % 5 ? { recommend: (x * 3) % 11 } : {}),
            children: 1 + (x % 3),
            ...(x % 6 === 0 ? { comments: "Thank you" } : {}),
          },
        });
      }),
    );
  }
}

const fold = (ref: { orgId: string; surveyId: string }, batchSize?: number) => system(() => Tally.fold({ ...ref, batchSize }));
const tallies = (ref: { orgId: string; surveyId: string }) => system(() => Tally.list(ref));
const recount = (ref: { orgId: string; surveyId: string }) => system(() => Tally.recount(ref));

async function unfolded(surveyId: string) {
  const res = await Store.client().send(
    new QueryCommand({ TableName: Store.table(), IndexName: "gsi2", KeyConditionExpression: "gsi2pk = :p", ExpressionAttributeValues: { ":p": `UNFOLDED#${surveyId}` }, Select: "COUNT" }),
  );
  return res.Count ?? 0;
}

async function expectExact(ref: { orgId: string; surveyId: string }, respondents: number) {
  const [tally] = await tallies(ref);
  expect(tally!.data.respondents[""]).toBe(respondents);
  expect(tally!.data).toEqual((await recount(ref)).get(1));
  expect(await unfolded(ref.surveyId)).toBe(0);
}

describe("folding responses into tallies", () => {
  it("counts per question, answer and segment, and folding in several runs equals a full recount", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 30);
    expect(await fold(ref, 7)).toEqual({ folded: 30, seen: 30 });
    await answer(ref.slug, 25, 30);
    await fold(ref);
    await answer(ref.slug, 1, 55);
    await fold(ref, 1);
    await expectExact(ref, 56);

    const { data } = (await tallies(ref))[0]!;
    // Every dimension's segments add up to everyone; the counts are what was answered.
    expect(Object.entries(data.respondents).filter(([k]) => k.startsWith("language=")).reduce((s, [, n]) => s + n, 0)).toBe(56);
    expect(data.respondents["channel=public"]).toBe(56);
    expect(data.questions.programme!.arts![""]! + data.questions.programme!.sport![""]! + data.questions.programme!.tutoring![""]!).toBe(56);
    expect(data.questions.children!._sum![""]).toBe(Array.from({ length: 56 }, (_, x) => 1 + (x % 3)).reduce((a, b) => a + b, 0));
    // Free text is counted as answered, and nothing of it is kept.
    expect(Object.keys(data.questions.comments!)).toEqual(["_answered"]);
    expect(JSON.stringify(data)).not.toContain("Thank you");
    const dist = Tally.distribution(Object.fromEntries(Array.from({ length: 11 }, (_, v) => [String(v), data.questions.recommend![String(v)]?.[""] ?? 0])));
    expect(dist.n).toBe(data.questions.recommend!._answered![""]);
    expect(dist.promoters + dist.passives + dist.detractors).toBe(dist.n);
  });

  it("reads only the responses that are new since the last run", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 60);
    await fold(ref);
    const reads = vi.spyOn(Store.client(), "send");
    await answer(ref.slug, 5, 60);
    reads.mockClear();
    expect(await fold(ref)).toEqual({ folded: 5, seen: 5 });
    const queried = reads.mock.calls.map(([c]) => c).filter((c) => c instanceof QueryCommand) as QueryCommand[];
    expect(queried.every((q) => q.input.IndexName === "gsi2")).toBe(true);
    await expectExact(ref, 65);
  });

  it("never counts twice when runs overlap", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 120);
    const runs = await Promise.all([fold(ref, 25), fold(ref, 40), fold(ref, 99)]);
    // Between them they counted each response once, whoever got there first.
    expect(runs.reduce((s, r) => s + r.folded, 0)).toBe(120);
    await expectExact(ref, 120);
  });

  it("drops responses another run counted between this run's read and its write", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 30);
    // Run A reads the index, then, before its first transaction reaches DynamoDB, run B folds everything.
    // A's transaction fails on the tally's rev and on each response's index keys; A re-reads and finds
    // nothing left to count.
    let inner: { folded: number } | undefined;
    beforeNext(TransactWriteCommand, async () => {
      inner = await fold(ref);
    });
    const outer = await fold(ref);
    expect(inner!.folded).toBe(30);
    expect(outer.folded).toBe(0);
    await expectExact(ref, 30);
  });

  it("counts everything exactly once when a run crashes after its transaction committed, and after a failed one", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 40);
    const client = Store.client();
    const send = client.send.bind(client);
    // Crash right after DynamoDB committed the second batch: the tally and the index agree, the run dies.
    let commits = 0;
    vi.spyOn(client, "send").mockImplementation((async (command: unknown) => {
      const out = await send(command as never);
      if (command instanceof TransactWriteCommand && ++commits === 2) throw new Error("crash after commit");
      return out;
    }) as typeof client.send);
    await expect(fold(ref, 10)).rejects.toThrow("crash after commit");
    vi.restoreAllMocks();
    expect((await tallies(ref))[0]!.data.respondents[""]).toBe(20);
    expect(await unfolded(ref.surveyId)).toBe(20);

    // A transaction that never reaches DynamoDB (the network fails): nothing half-done either.
    vi.spyOn(client, "send").mockImplementation((async (command: unknown) => {
      if (command instanceof TransactWriteCommand) throw new Error("network down");
      return send(command as never);
    }) as typeof client.send);
    await expect(fold(ref, 10)).rejects.toThrow("network down");
    vi.restoreAllMocks();

    // The next run picks up exactly what is left.
    expect(await fold(ref, 10)).toMatchObject({ folded: 20 });
    await expectExact(ref, 40);
  });

  it("keeps a tally per survey version", async () => {
    const ref = await openSurvey();
    await answer(ref.slug, 12);
    await system(async () => {
      await Survey.transition({ orgId: ref.orgId, id: ref.surveyId, to: "closed" });
      await Survey.saveContent({ orgId: ref.orgId, id: ref.surveyId, content: { ...content, title: { en: "Programme check-in, part 2" } } });
      await Survey.transition({ orgId: ref.orgId, id: ref.surveyId, to: "open" });
    });
    await answer(ref.slug, 8, 12);
    await fold(ref);
    const byVersion = Object.fromEntries((await tallies(ref)).map((t) => [t.version, t.data.respondents[""]]));
    expect(byVersion).toEqual({ 1: 12, 2: 8 });
    const full = await recount(ref);
    for (const t of await tallies(ref)) expect(t.data).toEqual(full.get(t.version));
  });

  it("refuses another organisation's coordinator", async () => {
    const ref = await openSurvey();
    const other = await newOrg();
    const error = await as(coordinatorOf(other.id), () => Tally.fold({ orgId: ref.orgId, surveyId: ref.surveyId }).catch((e: unknown) => e));
    expect(error).toMatchObject({ kind: "not_found" });
    const own = await as(coordinatorOf(other.id), () => Tally.fold({ orgId: other.id, surveyId: ref.surveyId }).catch((e: unknown) => e));
    expect(own).toMatchObject({ kind: "not_found", code: "survey.not_found" });
  });
});
