// The in-process queue keeps SQS's semantics, since the local runtime and the tests rely on them:
// a received message is hidden for the visibility timeout and comes back unless deleted; every receive
// counts; after `maxReceives` the message goes to the dead-letter list; a deferral hides it longer; the
// consumer deletes what the handler did not report as failed, and nothing when the handler throws.
import { describe, expect, it } from "vitest";
import { LocalQueue } from "./local";
import { urlOf } from "./index";

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("LocalQueue", () => {
  it("hides a received message until its visibility timeout, then delivers it again with a higher receive count", async () => {
    const c = clock();
    const q = new LocalQueue({ visibilityTimeoutMs: 1000, now: c.now });
    await q.send([{ body: "a" }, { body: "b" }]);
    expect(q.receive(10).map((m) => [m.body, m.receiveCount])).toEqual([["a", 1], ["b", 1]]);
    expect(q.receive(10)).toEqual([]);
    c.advance(1000);
    expect(q.receive(1).map((m) => [m.body, m.receiveCount])).toEqual([["a", 2]]);
  });

  it("deletes only with the current receipt", async () => {
    const c = clock();
    const q = new LocalQueue({ visibilityTimeoutMs: 10, now: c.now });
    await q.send([{ body: "a" }]);
    const first = q.receive(1)[0]!;
    c.advance(10);
    const second = q.receive(1)[0]!;
    q.delete(first.receiptHandle); // stale: the message was received again since
    c.advance(10);
    expect(q.receive(1)).toHaveLength(1);
    q.delete(second.receiptHandle);
    expect(q.stats()).toMatchObject({ visible: 0, hidden: 1 });
  });

  it("moves a message received maxReceives times to the dead-letter list", async () => {
    const c = clock();
    const q = new LocalQueue({ visibilityTimeoutMs: 1, maxReceives: 3, now: c.now });
    await q.send([{ body: "poison" }]);
    for (let i = 0; i < 3; i++) {
      expect(q.receive(1)).toHaveLength(1);
      c.advance(1);
    }
    expect(q.receive(1)).toEqual([]);
    expect(q.dead).toEqual([expect.objectContaining({ body: "poison", receiveCount: 3 })]);
  });

  it("defers a received message, and honours delays on send", async () => {
    const c = clock();
    const q = new LocalQueue({ visibilityTimeoutMs: 100, now: c.now });
    await q.send([{ body: "later", delaySeconds: 5 }, { body: "now" }]);
    const [now] = q.receive(10);
    expect(now!.body).toBe("now");
    await q.defer(now!.receiptHandle, 60);
    c.advance(5000);
    const later = q.receive(10);
    expect(later.map((m) => m.body)).toEqual(["later"]);
    q.delete(later[0]!.receiptHandle);
    c.advance(55_000);
    expect(q.receive(10).map((m) => m.body)).toEqual(["now"]);
  });

  it("runs batches through a handler like the Lambda event source: failures stay, a throw keeps the batch", async () => {
    const c = clock();
    const q = new LocalQueue({ visibilityTimeoutMs: 10, now: c.now });
    await q.send([{ body: "ok" }, { body: "fail" }]);
    await q.runOnce(async (e) => ({ batchItemFailures: e.Records.filter((r) => r.body === "fail").map((r) => ({ itemIdentifier: r.messageId })) }));
    c.advance(10);
    expect(q.receive(10).map((m) => m.body)).toEqual(["fail"]);
    c.advance(10);
    await expect(q.runOnce(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    c.advance(10);
    expect(q.receive(10).map((m) => m.body)).toEqual(["fail"]);
  });

  it("delivers every message twice when asked to (as SQS may)", async () => {
    const q = new LocalQueue({ duplicate: true });
    await q.send([{ body: "x" }]);
    expect(q.receive(10).map((m) => m.body)).toEqual(["x", "x"]);
  });
});

it("derives an SQS queue URL from the event source ARN", () => {
  expect(urlOf("arn:aws:sqs:us-east-1:111122223333:Prod-SendQueue-abc")).toBe("https://sqs.us-east-1.amazonaws.com/111122223333/Prod-SendQueue-abc");
});
