// An in-process queue with the semantics of SQS and its Lambda event source, for the local runtime
// and the tests: a received message is hidden for the visibility timeout and comes back if it is not
// deleted; each receive counts, and a message received `maxReceives` times goes to the dead-letter
// list instead of being delivered again; a consumer hands batches to the same handler the Lambda
// runs and deletes what the handler did not report as failed.
import { randomUUID } from "node:crypto";
import type { Adapter, Outgoing } from "./index";

type Stored = { id: string; body: string; receiveCount: number; visibleAt: number; receipt?: string; seq: number };

export type Received = { messageId: string; receiptHandle: string; body: string; receiveCount: number };

/** The shape of an SQS Lambda event, as much of it as the worker reads. */
export type Handler = (event: {
  Records: { messageId: string; receiptHandle: string; body: string; attributes: { ApproximateReceiveCount: string }; eventSourceARN: string }[];
}) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;

export const LOCAL_ARN = "arn:local:sqs:local:000000000000:send";

/** A binary min-heap of messages by the time they become visible (then by arrival). */
class Heap {
  private items: Stored[] = [];
  get size() {
    return this.items.length;
  }
  peek() {
    return this.items[0];
  }
  private less(a: Stored, b: Stored) {
    return a.visibleAt < b.visibleAt || (a.visibleAt === b.visibleAt && a.seq < b.seq);
  }
  push(s: Stored) {
    const a = this.items;
    a.push(s);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop() {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (r < a.length && this.less(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

export class LocalQueue implements Adapter {
  private readonly heap = new Heap();
  /** Messages by id; a message is deleted by removing it here (the heap entry is then skipped). */
  private readonly live = new Map<string, Stored>();
  private seq = 0;
  readonly dead: { messageId: string; body: string; receiveCount: number }[] = [];
  readonly visibilityTimeoutMs: number;
  readonly maxReceives: number;
  private readonly now: () => number;
  /** Tests: deliver every message twice (as SQS may), as two messages with their own ids. */
  private readonly duplicate: boolean;
  sent = 0;

  constructor(opts: { visibilityTimeoutMs?: number; maxReceives?: number; now?: () => number; duplicate?: boolean } = {}) {
    this.visibilityTimeoutMs = opts.visibilityTimeoutMs ?? 180_000;
    this.maxReceives = opts.maxReceives ?? 5;
    this.now = opts.now ?? Date.now;
    this.duplicate = opts.duplicate ?? false;
  }

  async send(messages: Outgoing[]) {
    for (const m of messages) {
      for (let copy = 0; copy < (this.duplicate ? 2 : 1); copy++) {
        const s: Stored = { id: randomUUID(), body: m.body, receiveCount: 0, visibleAt: this.now() + (m.delaySeconds ?? 0) * 1000, seq: this.seq++ };
        this.live.set(s.id, s);
        this.heap.push(s);
        this.sent++;
      }
    }
  }

  receive(max = 10): Received[] {
    const out: Received[] = [];
    const now = this.now();
    while (out.length < max && this.heap.size) {
      const top = this.heap.peek()!;
      if (top.visibleAt > now) break;
      this.heap.pop();
      // Deleted, or a stale heap entry from an earlier visibility change.
      if (this.live.get(top.id) !== top || top.visibleAt > now) continue;
      if (top.receiveCount >= this.maxReceives) {
        this.live.delete(top.id);
        this.dead.push({ messageId: top.id, body: top.body, receiveCount: top.receiveCount });
        continue;
      }
      const next: Stored = { ...top, receiveCount: top.receiveCount + 1, visibleAt: now + this.visibilityTimeoutMs, receipt: `${top.id}:${randomUUID()}`, seq: top.seq };
      this.live.set(top.id, next);
      this.heap.push(next);
      out.push({ messageId: next.id, receiptHandle: next.receipt!, body: next.body, receiveCount: next.receiveCount });
    }
    return out;
  }

  private byReceipt(receiptHandle: string) {
    const id = receiptHandle.split(":")[0]!;
    const s = this.live.get(id);
    return s && s.receipt === receiptHandle ? s : undefined;
  }

  delete(receiptHandle: string) {
    const s = this.byReceipt(receiptHandle);
    if (s) this.live.delete(s.id);
  }

  async defer(receiptHandle: string, seconds: number) {
    const s = this.byReceipt(receiptHandle);
    if (!s) return;
    const next = { ...s, visibleAt: this.now() + seconds * 1000 };
    this.live.set(s.id, next);
    this.heap.push(next);
  }

  /** Makes every hidden message visible now: what waiting out the visibility timeout would do. */
  expireVisibility() {
    const now = this.now();
    for (const [id, s] of this.live) {
      if (s.visibleAt <= now) continue;
      const next = { ...s, visibleAt: now };
      this.live.set(id, next);
      this.heap.push(next);
    }
  }

  stats() {
    const now = this.now();
    let visible = 0;
    let hidden = 0;
    for (const s of this.live.values()) {
      if (s.visibleAt <= now) visible++;
      else hidden++;
    }
    return { visible, hidden, dead: this.dead.length, sent: this.sent };
  }

  /** Runs one batch through the handler, as the Lambda event source would. Returns how many were received. */
  async runOnce(handler: Handler, batchSize = 10) {
    const batch = this.receive(batchSize);
    if (!batch.length) return 0;
    const res = await handler({
      Records: batch.map((m) => ({
        messageId: m.messageId,
        receiptHandle: m.receiptHandle,
        body: m.body,
        attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        eventSourceARN: LOCAL_ARN,
      })),
    });
    const failed = new Set(res.batchItemFailures.map((f) => f.itemIdentifier));
    for (const m of batch) if (!failed.has(m.messageId)) this.delete(m.receiptHandle);
    return batch.length;
  }

  /**
   * Polls and hands batches to the handler with `concurrency` batches in flight, like the event
   * source with its maximum concurrency. A handler that throws fails its whole batch (nothing is
   * deleted), as in Lambda. `onError` hears about it.
   */
  consume(handler: Handler, opts: { batchSize?: number; concurrency?: number; idleMs?: number; onError?: (err: unknown) => void } = {}) {
    let stopped = false;
    const loops = Array.from({ length: opts.concurrency ?? 2 }, async () => {
      while (!stopped) {
        let n = 0;
        try {
          n = await this.runOnce(handler, opts.batchSize ?? 10);
        } catch (err) {
          opts.onError?.(err);
        }
        if (n === 0 && !stopped) await new Promise((r) => setTimeout(r, opts.idleMs ?? 100));
      }
    });
    return {
      stop: async () => {
        stopped = true;
        await Promise.all(loops);
      },
    };
  }

  /** Resolves when no message is visible or in flight (dead letters aside). */
  async drained(pollMs = 20) {
    while (this.live.size) await new Promise((r) => setTimeout(r, pollMs));
  }
}
