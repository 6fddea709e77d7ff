// Capacity metering, opt-in: a middleware on a DynamoDB client that asks every data-plane command for
// the capacity it consumed (ReturnConsumedCapacity "TOTAL") and adds up what DynamoDB reports, per
// table and per operation. The cost benchmark (bench/cost.ts) prices a response, an invitation and a
// summary run with it, and a test can pin a code path's cost. Nothing attaches it in production: a
// client without a meter never asks for capacity, and while one is attached, callers still get the
// output they would have got (the ConsumedCapacity it asked for is taken off again), so metering never
// changes behaviour. It is a module of its own (`@feedback/core/store/meter`), so no function bundle
// carries it.
//
// What is summed is what DynamoDB reports, nothing recomputed. Two things it cannot see:
// - a command that fails (a condition that does not hold, a cancelled transaction) reports no
//   capacity, though AWS bills a failed conditional write; those are counted in `errors`;
// - DynamoDB Local (the 2026-01 jar) under-reports multi-item TransactWriteItems: its total counts
//   each distinct per-item figure once (three 1 KB puts report 2 units, not 6). Single items, batches,
//   queries and TransactGetItems are reported as AWS bills them, index writes included.
import { Store } from "./index";

export type Units = { read: number; write: number };
export type Usage = Units & { calls: number; errors: number };
export type Reading = { total: Units; byTable: Record<string, Units>; byOperation: Record<string, Usage> };

/** Every operation that accepts ReturnConsumedCapacity, and the kind of unit its capacity is. */
const METERED: Record<string, keyof Units> = {
  GetItem: "read",
  BatchGetItem: "read",
  Query: "read",
  Scan: "read",
  TransactGetItems: "read",
  PutItem: "write",
  UpdateItem: "write",
  DeleteItem: "write",
  BatchWriteItem: "write",
  TransactWriteItems: "write",
};

type Consumed = { TableName?: string; CapacityUnits?: number; ReadCapacityUnits?: number; WriteCapacityUnits?: number };
type Stack = {
  add: (middleware: never, options: { step: "initialize"; name: string }) => void;
  remove: (name: string) => boolean;
};
type Args = { input: Record<string, unknown> };
type Out = { output: Record<string, unknown> };

let attached = 0;

export class Meter {
  private tables: Record<string, Units> = {};
  private operations: Record<string, Usage> = {};
  private readonly name = `storeMeter${++attached}`;

  constructor(private readonly stack: Stack) {
    const middleware =
      (next: (args: Args) => Promise<Out>, context: { commandName?: string }) =>
      async (args: Args): Promise<Out> => {
        const operation = (context.commandName ?? "").replace(/Command$/, "");
        const kind = METERED[operation];
        if (!kind) return next(args);
        const usage = (this.operations[operation] ??= { calls: 0, errors: 0, read: 0, write: 0 });
        usage.calls++;
        // The caller's own choice (INDEXES, say) stands; it is asked for only when nobody did.
        const asked = args.input.ReturnConsumedCapacity !== undefined && args.input.ReturnConsumedCapacity !== "NONE";
        let result: Out;
        try {
          result = await next(asked ? args : { ...args, input: { ...args.input, ReturnConsumedCapacity: "TOTAL" } });
        } catch (err) {
          usage.errors++;
          throw err;
        }
        const consumed = result.output.ConsumedCapacity as Consumed | Consumed[] | undefined;
        for (const c of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) this.add(c, kind, usage);
        if (asked) return result;
        const { ConsumedCapacity: _, ...output } = result.output;
        return { ...result, output };
      };
    stack.add(middleware as never, { step: "initialize", name: this.name });
  }

  private add(c: Consumed, kind: keyof Units, usage: Usage) {
    // TOTAL reports CapacityUnits; the read/write split, when DynamoDB gives it, is more exact than
    // the operation's kind (a transaction's condition checks, for one).
    const split = c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined;
    const units: Units = split
      ? { read: c.ReadCapacityUnits ?? 0, write: c.WriteCapacityUnits ?? 0 }
      : { read: kind === "read" ? c.CapacityUnits ?? 0 : 0, write: kind === "write" ? c.CapacityUnits ?? 0 : 0 };
    const table = (this.tables[c.TableName ?? "?"] ??= { read: 0, write: 0 });
    table.read += units.read;
    table.write += units.write;
    usage.read += units.read;
    usage.write += units.write;
  }

  /** What was consumed since the meter was attached or last reset. */
  reading(): Reading {
    const total = Object.values(this.tables).reduce((t, u) => ({ read: t.read + u.read, write: t.write + u.write }), { read: 0, write: 0 });
    return { total, byTable: structuredClone(this.tables), byOperation: structuredClone(this.operations) };
  }

  reset() {
    this.tables = {};
    this.operations = {};
  }

  /** The reading so far, then starts again from zero. */
  take(): Reading {
    const r = this.reading();
    this.reset();
    return r;
  }

  /** Stops metering: commands no longer ask for capacity. */
  detach() {
    this.stack.remove(this.name);
  }
}

/** Meters a DynamoDB client (or a DocumentClient, which shares its client's middleware). */
export function attach(client: { middlewareStack: unknown }) {
  return new Meter(client.middlewareStack as Stack);
}

/** Meters the store's client. Configure the store first: `Store.configure` makes a new client. */
export const meterStore = () => attach(Store.client());
