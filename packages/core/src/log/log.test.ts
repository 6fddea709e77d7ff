// Logs hold no contact PII and no tokens (DESIGN §3 rules 1 and 2), but keep our own ids and a
// request id on every line, so an incident can be traced without exposing a family.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { createId, createToken } from "../util";
import { Log } from "./index";

const captured: string[] = [];
let restore: ((line: string) => void) | undefined;
const capture = () => {
  captured.length = 0;
  restore = Log.setSink((line) => captured.push(line));
};
afterEach(() => {
  if (restore) Log.setSink(restore);
  restore = undefined;
});
const lines = () => captured.map((l) => JSON.parse(l) as Record<string, unknown>);

describe("scrub", () => {
  it("removes email addresses", () => {
    expect(Log.scrub("sent to maria.lopez+school@example.org today")).toBe("sent to [email] today");
  });

  it.each(["+15551234567", "+1 555 123 4567", "(555) 123-4567", "555.123.4567"])("removes the phone number %s", (phone) => {
    expect(Log.scrub(`call ${phone} now`)).toBe("call [phone] now");
  });

  it("removes a 22-character link token, wherever it sits in a path", () => {
    const token = createToken();
    expect(token).toHaveLength(22);
    expect(Log.scrub(`/s/${token}/page/2`)).toBe("/s/[token]/page/2");
    expect(Log.scrub(`/s/-${token.slice(1)}`)).toBe("/s/[token]");
  });

  it("removes a token with a run of digits whole, not in pieces", () => {
    expect(Log.scrub("/s/Ab12345678Xyz_qwertyui")).toBe("/s/[token]");
  });

  it("keeps our own prefixed ids, including ones with a long run of digits", () => {
    const id = createId("srv");
    expect(Log.scrub(`survey ${id} opened`)).toBe(`survey ${id} opened`);
    const digits = "srv_01J12345678ABCDEFGHJKMNPQR";
    expect(Log.scrub(`survey ${digits}`)).toBe(`survey ${digits}`);
    expect(Log.scrub(`ORG#org_01J00000000000000000000000/SURVEY#srv_01J99999999999999999999999`)).toBe(
      "ORG#org_01J00000000000000000000000/SURVEY#srv_01J99999999999999999999999",
    );
  });

  it("keeps every id of our shape and removes every token (property)", () => {
    const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".split("");
    const ids = fc
      .tuple(fc.constantFrom("srv", "org", "crd", "con", "inv", "site", "ptn"), fc.array(fc.constantFrom(...crockford), { minLength: 26, maxLength: 26 }))
      .map(([prefix, chars]) => `${prefix}_${chars.join("")}`);
    const tokens = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString("base64url"));
    fc.assert(
      fc.property(ids, tokens, (id, token) => {
        const out = Log.scrub(`id=${id} token=${token}`);
        expect(out).toContain(id);
        expect(out).not.toContain(token);
        // Not even a long piece of it survives.
        for (let i = 0; i + 8 <= token.length; i++) expect(out).not.toContain(token.slice(i, i + 8));
      }),
    );
  });
});

describe("log lines", () => {
  it("carry the request id given to withRequest", () => {
    capture();
    Log.withRequest("req-123", () => Log.info("test.event", { count: 3 }));
    expect(lines()).toEqual([expect.objectContaining({ level: "info", event: "test.event", requestId: "req-123", count: 3 })]);
  });

  it("get a fresh request id when the platform gives none, kept across awaits", async () => {
    capture();
    await Log.withRequest(undefined, async () => {
      Log.info("first");
      await new Promise((r) => setTimeout(r, 1));
      Log.warn("second");
    });
    const [first, second] = lines();
    expect(first!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.requestId).toBe(first!.requestId);
    expect(Log.requestId()).toBeUndefined();
  });

  it("are captured by setSink, which returns the previous sink", () => {
    const mine: string[] = [];
    const previous = Log.setSink((line) => mine.push(line));
    Log.error("captured");
    const back = Log.setSink(previous);
    expect(mine).toHaveLength(1);
    back("ignored");
    expect(mine).toHaveLength(2);
  });

  it("scrub every string field and the error, and leave numbers alone", () => {
    capture();
    const token = createToken();
    Log.withRequest("r", () =>
      Log.error("send.failed", {
        url: `/s/${token}`,
        code: "to parent@example.com",
        nSent: 5,
        error: new Error(`could not reach +15551234567 for ${token}`),
      }),
    );
    const line = captured[0]!;
    expect(line).not.toContain(token);
    expect(line).not.toContain("parent@example.com");
    expect(line).not.toContain("5551234567");
    expect(lines()[0]).toMatchObject({ url: "/s/[token]", code: "to [email]", nSent: 5, error: { name: "Error", message: "could not reach [phone] for [token]" } });
  });
});
