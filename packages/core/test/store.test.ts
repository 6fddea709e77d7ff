// The Store port against DynamoDB Local: conditional creates, patches that never upsert, all-or-nothing
// transactions and paging with untrusted cursors.
import { describe, expect, it } from "vitest";
import { VisibleError } from "../src/error";
import { Store } from "../src/store";
import { createId } from "../src/util";
import { rawGet } from "./fixtures";

const conflict = { code: "thing.exists", message: "Exists." };
const notFound = { code: "thing.not_found", message: "Not found." };
const thing = (id = createId("thg")) => ({ pk: `THING#${id}`, sk: "THING" });

describe("store", () => {
  it("creates an item once; a second create of the same key is a conflict and changes nothing", async () => {
    const key = thing();
    await Store.create({ ...key, name: "first" }, conflict);
    await expect(Store.create({ ...key, name: "second" }, conflict)).rejects.toMatchObject({ kind: "conflict", code: "thing.exists" });
    expect(await rawGet(key)).toMatchObject({ name: "first" });
  });

  it("patches an existing item and returns it after the change", async () => {
    const key = thing();
    await Store.create({ ...key, name: "a", count: 1 }, conflict);
    expect(await Store.patch(key, { name: "b", ignored: undefined }, notFound)).toMatchObject({ name: "b", count: 1 });
  });

  it("refuses to patch a missing item instead of creating half of one", async () => {
    const key = thing();
    await expect(Store.patch(key, { name: "x" }, notFound)).rejects.toMatchObject({ kind: "not_found", code: "thing.not_found" });
    await expect(Store.patch(key, {}, notFound)).rejects.toMatchObject({ kind: "not_found" });
    expect(await rawGet(key)).toBeUndefined();
  });

  it("reports a failed extra condition on an existing item as a conflict, not as missing", async () => {
    const key = thing();
    await Store.create({ ...key, state: "closed" }, conflict);
    const attempt = Store.patch(key, { state: "open" }, notFound, {
      condition: "#st = :draft",
      names: { "#st": "state" },
      values: { ":draft": "draft" },
      conflict: { code: "thing.wrong_state", message: "Wrong state." },
    });
    await expect(attempt).rejects.toMatchObject({ kind: "conflict", code: "thing.wrong_state" });
    expect(await rawGet(key)).toMatchObject({ state: "closed" });
  });

  it("writes all of a transaction or none of it, naming the item whose condition failed", async () => {
    const existing = thing();
    const fresh = thing();
    await Store.create({ ...existing }, conflict);
    let failed = -1;
    await expect(
      Store.transact(
        [
          { Put: { TableName: Store.table(), Item: { ...fresh, n: 1 }, ConditionExpression: "attribute_not_exists(pk)" } },
          { Put: { TableName: Store.table(), Item: { ...existing, n: 2 }, ConditionExpression: "attribute_not_exists(pk)" } },
        ],
        (index) => {
          failed = index;
          return new VisibleError("conflict", "thing.exists", "Exists.");
        },
      ),
    ).rejects.toMatchObject({ kind: "conflict" });
    expect(failed).toBe(1);
    expect(await rawGet(fresh)).toBeUndefined();
    expect((await rawGet(existing))?.n).toBeUndefined();
  });

  it("removes its own key attributes before a domain maps an item", () => {
    expect(Store.strip({ pk: "a", sk: "b", gsi1pk: "c", gsi1sk: "d", gsi2pk: "e", gsi2sk: "f", type: "t", id: "x" })).toEqual({ id: "x" });
  });

  describe("paging", () => {
    const pk = `LIST#${createId("lst")}`;
    const other = `LIST#${createId("lst")}`;
    const seed = async () => {
      for (let i = 0; i < 5; i++) await Store.create({ pk, sk: `ITEM#${i}`, i }, conflict);
      await Store.create({ pk, sk: `OTHER#0` }, conflict);
      await Store.create({ pk: other, sk: "ITEM#0" }, conflict);
    };

    it("follows cursors through every page of a prefix, and no further", async () => {
      await seed();
      const seen: unknown[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await Store.queryPage({ pk, prefix: "ITEM#", limit: 2, cursor });
        seen.push(...page.items.map((i) => i.i));
        cursor = page.cursor;
        pages++;
      } while (cursor && pages < 10);
      expect(seen).toEqual([0, 1, 2, 3, 4]);
      expect(await Store.queryAll({ pk, prefix: "ITEM#", limit: 3 })).toHaveLength(3);
    });

    it("reads a whole partition when the prefix is empty", async () => {
      expect((await Store.queryAll({ pk, prefix: "" })).map((i) => i.sk)).toEqual(["ITEM#0", "ITEM#1", "ITEM#2", "ITEM#3", "ITEM#4", "OTHER#0"]);
      expect((await Store.queryPage({ pk, prefix: "", limit: 10 })).items).toHaveLength(6);
    });

    it.each([
      ["not base64 JSON", "%%%"],
      ["JSON that is not a key", Buffer.from("[1,2]").toString("base64url")],
      ["a key with extra attributes", Buffer.from(JSON.stringify({ pk: "x", sk: "ITEM#1", more: "y" })).toString("base64url")],
    ])("refuses a cursor that is %s as input", async (_, cursor) => {
      await expect(Store.queryPage({ pk, prefix: "ITEM#", limit: 2, cursor })).rejects.toMatchObject({ kind: "input", code: "input.bad_cursor" });
    });

    it("refuses a cursor from another partition, so one list's cursor cannot read another's", async () => {
      const foreign = (await Store.queryPage({ pk: other, prefix: "ITEM#", limit: 1 })).cursor;
      const own = Buffer.from(JSON.stringify({ pk: other, sk: "ITEM#0" })).toString("base64url");
      for (const cursor of [foreign, own].filter(Boolean) as string[])
        await expect(Store.queryPage({ pk, prefix: "ITEM#", limit: 2, cursor })).rejects.toMatchObject({ code: "input.bad_cursor" });
    });
  });
});
