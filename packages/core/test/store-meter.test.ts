// The capacity meter against DynamoDB Local: off unless attached, invisible to callers when attached,
// and summing exactly the units DynamoDB reports for single items, index writes, batches and
// transactions (what bench/cost.ts prices).
import { BatchWriteCommand, GetCommand, PutCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, describe, expect, it } from "vitest";
import { VisibleError } from "../src/error";
import { Store } from "../src/store";
import { meterStore, type Meter } from "../src/store/meter";
import { createId } from "../src/util";

const conflict = { code: "thing.exists", message: "Exists." };
const thing = (id = createId("thg")) => ({ pk: `THING#${id}`, sk: "THING" });
/** About 100 bytes: one write unit, one strongly consistent read unit. */
const small = { note: "x".repeat(100) };

let meter: Meter | undefined;
afterEach(() => meter?.detach());

describe("store meter", () => {
  it("is off by default: without a meter no command asks for its consumed capacity", async () => {
    const res = await Store.client().send(new PutCommand({ TableName: Store.table(), Item: { ...thing(), ...small } }));
    expect(res.ConsumedCapacity).toBeUndefined();
  });

  it("meters a put, a get and a transaction with the units DynamoDB reports, and callers see no difference", async () => {
    meter = meterStore();
    const key = thing();
    await Store.create({ ...key, ...small }, conflict);
    expect(meter.take().total).toEqual({ read: 0, write: 1 });

    expect(await Store.get(key)).toMatchObject(small);
    expect(meter.take().total).toEqual({ read: 1, write: 0 });
    await Store.get(key, { consistent: false });
    expect(meter.take().total).toEqual({ read: 0.5, write: 0 });

    // A transactional write costs two units per item and KB.
    await Store.transact([{ Put: { TableName: Store.table(), Item: { ...thing(), ...small } } }], () => new Error("unexpected"));
    const tx = meter.take();
    expect(tx.total).toEqual({ read: 0, write: 2 });
    expect(tx.byTable).toEqual({ [Store.table()]: { read: 0, write: 2 } });
    expect(tx.byOperation).toEqual({ TransactWriteItems: { calls: 1, errors: 0, read: 0, write: 2 } });

    // The output is what it would have been without the meter.
    const res = await Store.client().send(new GetCommand({ TableName: Store.table(), Key: key }));
    expect(res.ConsumedCapacity).toBeUndefined();
  });

  it("adds exactly what DynamoDB reports, index writes included, and leaves a caller's own request alone", async () => {
    meter = meterStore();
    const T = Store.table();
    // Sparse GSI keys make the put write to the table and to two indexes.
    const put = await Store.client().send(
      new PutCommand({ TableName: T, Item: { ...thing(), gsi1pk: "A", gsi1sk: "1", gsi2pk: "B", gsi2sk: "1", ...small }, ReturnConsumedCapacity: "TOTAL" }),
    );
    const tx = await Store.client().send(
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: T, Item: { ...thing(), body: "y".repeat(1500) } } }], ReturnConsumedCapacity: "TOTAL" }),
    );
    expect(put.ConsumedCapacity?.CapacityUnits).toBe(3);
    expect(tx.ConsumedCapacity?.[0]?.CapacityUnits).toBe(4);
    expect(meter.take().byOperation).toEqual({
      PutItem: { calls: 1, errors: 0, read: 0, write: put.ConsumedCapacity!.CapacityUnits },
      TransactWriteItems: { calls: 1, errors: 0, read: 0, write: tx.ConsumedCapacity![0]!.CapacityUnits },
    });
  });

  it("meters batch writes and queries", async () => {
    meter = meterStore();
    const pk = `LIST#${createId("lst")}`;
    await Store.client().send(
      new BatchWriteCommand({ RequestItems: { [Store.table()]: [0, 1, 2].map((i) => ({ PutRequest: { Item: { pk, sk: `ITEM#${i}`, ...small } } })) } }),
    );
    expect(meter.take().byOperation.BatchWriteItem).toEqual({ calls: 1, errors: 0, read: 0, write: 3 });
    // Three small items are well under 4 KB: half a unit, eventually consistent.
    expect(await Store.queryAll({ pk, prefix: "ITEM#" })).toHaveLength(3);
    expect(meter.take().byOperation.Query).toEqual({ calls: 1, errors: 0, read: 0.5, write: 0 });
  });

  it("counts a command that fails (it reports no capacity) and stops when detached", async () => {
    meter = meterStore();
    const key = thing();
    await Store.create({ ...key }, conflict);
    await expect(Store.create({ ...key }, conflict)).rejects.toBeInstanceOf(VisibleError);
    expect(meter.take().byOperation.PutItem).toEqual({ calls: 2, errors: 1, read: 0, write: 1 });

    meter.detach();
    await Store.get(key);
    expect(meter.take().total).toEqual({ read: 0, write: 0 });
  });
});
