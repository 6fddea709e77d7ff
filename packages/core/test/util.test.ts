// Tokens and random ids come from a pooled CSPRNG: each is 128 bits, base64url, and never repeats,
// including across pool refills (256 tokens per 4 KB pool).
import { expect, it } from "vitest";
import { createToken, randomId } from "@feedback/core/util";

it("mints distinct 22-character base64url tokens across pool refills", () => {
  const tokens = Array.from({ length: 2000 }, () => createToken());
  for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(new Set(tokens).size).toBe(tokens.length);
  const ids = Array.from({ length: 300 }, () => randomId("res"));
  for (const id of ids) expect(id).toMatch(/^res_[A-Za-z0-9_-]{22}$/);
  expect(new Set([...ids.map((i) => i.slice(4)), ...tokens]).size).toBe(ids.length + tokens.length);
});
