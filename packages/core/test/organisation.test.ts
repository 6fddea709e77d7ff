import { describe, expect, it } from "vitest";
import { Actor } from "../src/actor";
import { Organisation } from "../src/organisation";

const system = <R>(run: () => R) => Actor.provide({ type: "system" }, run);

describe("organisation", () => {
  it("is created with a privacy floor of 10 by default and read back", async () => {
    const org = await system(() => Organisation.create({ name: "Riverside Unified" }));
    expect(org.privacyFloor).toBe(10);
    const again = await system(() => Organisation.get(org.id));
    expect(again).toEqual(org);
  });

  it("refuses a privacy floor below 5", async () => {
    await expect(system(() => Organisation.create({ name: "X", privacyFloor: 4 }))).rejects.toMatchObject({ kind: "input", code: "input.invalid" });
  });

  it("hides another organisation from a coordinator", async () => {
    const a = await system(() => Organisation.create({ name: "A" }));
    const b = await system(() => Organisation.create({ name: "B" }));
    const coordinatorOfA = { type: "coordinator" as const, orgId: a.id, coordinatorId: "crd_x", role: "admin" as const };
    await expect(Actor.provide(coordinatorOfA, () => Organisation.get(b.id))).rejects.toMatchObject({ kind: "not_found" });
    await expect(Actor.provide(coordinatorOfA, () => Organisation.get(a.id))).resolves.toMatchObject({ name: "A" });
  });
});
