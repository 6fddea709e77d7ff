// The Store port: one DynamoDB table reached through lib-dynamodb. In AWS the client uses the
// function's role; locally and in tests the same client points at DynamoDB Local. Domains build their
// own keys (`<domain>.dynamo.ts`) and map items to their `Info` at their edge; raw items never leave.
export * as Store from "./index";

import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  TransactWriteCommand,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { VisibleError } from "../error";
export { tableDefinition, GSI1, GSI2, TTL_ATTRIBUTE } from "./table";

export type Settings = { table: string; endpoint?: string; region?: string };
type Current = { client: DynamoDBDocumentClient; table: string; settings: Settings };
let current: Current | undefined;

/** Points the store at a table. Lambdas get it from the environment; the local runtime and tests call this. */
export function configure(settings: Settings) {
  const raw = new DynamoDBClient({
    region: settings.region ?? process.env.AWS_REGION ?? "us-east-1",
    ...(settings.endpoint
      ? { endpoint: settings.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
      : {}),
    // DynamoDB Local and Lambda both answer within milliseconds; a hung connection should fail fast
    // and be retried by the SDK rather than hold a family's request for the default 2 minutes.
    requestHandler: { requestTimeout: 5_000, connectionTimeout: 2_000 },
  });
  const client = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  current = { client, table: settings.table, settings };
  return current;
}

export function use(): Current {
  if (current) return current;
  const table = process.env.TABLE_NAME;
  if (!table) throw new Error("TABLE_NAME is not set and the store was not configured");
  return configure({ table, endpoint: process.env.DYNAMO_ENDPOINT || undefined });
}

export const client = () => use().client;
export const table = () => use().table;

/**
 * A conditional create: the item must not exist yet. A lost race becomes a `conflict` with the
 * given code, never a silent overwrite.
 */
export async function create(item: Record<string, unknown>, conflict: { code: string; message: string }) {
  const input: PutCommandInput = {
    TableName: table(),
    Item: item,
    ConditionExpression: "attribute_not_exists(pk)",
  };
  try {
    await client().send(new PutCommand(input));
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) throw new VisibleError("conflict", conflict.code, conflict.message);
    throw err;
  }
}

export type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/**
 * All-or-nothing writes. When the transaction is cancelled because a condition failed, `onConditionFailed`
 * receives the index of the first failing item so the caller can raise the right VisibleError
 * (for example "already answered" when the invitation's condition fails).
 */
export async function transact(items: TransactItem[], onConditionFailed: (index: number) => Error) {
  // Two transactions touching the same item at once (a double-clicked submit) make DynamoDB cancel one
  // with TransactionConflict. Retrying is safe: the conditions decide again, so the loser then fails
  // on its condition (for example "already answered") instead of surfacing as a 500.
  for (let attempt = 0; ; attempt++) {
    try {
      await client().send(new TransactWriteCommand({ TransactItems: items }));
      return;
    } catch (err) {
      if (!(err instanceof TransactionCanceledException)) throw err;
      const reasons = err.CancellationReasons ?? [];
      const index = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      if (index >= 0) throw onConditionFailed(index);
      if (attempt < 5 && reasons.some((r) => r.Code === "TransactionConflict")) {
        await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)));
        continue;
      }
      throw err;
    }
  }
}

/** Removes the store's own attributes from an item before a domain maps it to its Info. */
export function strip<T extends Record<string, unknown>>(item: T) {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, ...rest } = item;
  return rest;
}

export type Key = { pk: string; sk: string };

export async function get(key: Key, opts: { consistent?: boolean } = {}) {
  const res = await client().send(new GetCommand({ TableName: table(), Key: key, ConsistentRead: opts.consistent ?? true }));
  return res.Item;
}

/**
 * Sets fields on an existing item. A missing item becomes `not_found` (with `notFound`'s code),
 * never an upsert of a half item. Returns the item after the change.
 */
export async function patch(
  key: Key,
  changes: Record<string, unknown>,
  notFound: { code: string; message: string },
  extra: { condition?: string; names?: Record<string, string>; values?: Record<string, unknown>; conflict?: { code: string; message: string } } = {},
) {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    const item = await get(key);
    if (!item) throw new VisibleError("not_found", notFound.code, notFound.message);
    return item;
  }
  try {
    const res = await client().send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        ConditionExpression: ["attribute_exists(pk)", extra.condition].filter(Boolean).join(" AND "),
        UpdateExpression: "SET " + entries.map((_, i) => `#k${i} = :v${i}`).join(", "),
        ExpressionAttributeNames: { ...Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])), ...extra.names },
        ExpressionAttributeValues: { ...Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])), ...extra.values },
        ReturnValues: "ALL_NEW",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      }),
    );
    return res.Attributes!;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) {
      // The item exists but the extra condition failed: that is a conflict, not a missing item.
      if (err.Item && extra.conflict) throw new VisibleError("conflict", extra.conflict.code, extra.conflict.message);
      throw new VisibleError("not_found", notFound.code, notFound.message);
    }
    throw err;
  }
}

/**
 * A conditional update whose failed condition is an answer, not an error: true when the update was
 * made, false when the condition did not hold (a lease taken by someone else, an item already gone).
 */
export async function updateIf(input: Omit<UpdateCommandInput, "TableName"> & { ConditionExpression: string }) {
  try {
    await client().send(new UpdateCommand({ TableName: table(), ...input }));
    return true;
  } catch (err) {
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

/**
 * The key condition of a query: the partition, and the sort key prefix when there is one. An empty
 * prefix means the whole partition and must be left out: DynamoDB rejects an empty string in a key
 * condition (`begins_with(sk, "")` fails with a ValidationException rather than matching everything).
 */
function keyCondition(
  pkName: string,
  skName: string,
  pk: string,
  prefix: string,
): Pick<QueryCommandInput, "KeyConditionExpression" | "ExpressionAttributeNames" | "ExpressionAttributeValues"> {
  if (!prefix) return { KeyConditionExpression: "#pk = :pk", ExpressionAttributeNames: { "#pk": pkName }, ExpressionAttributeValues: { ":pk": pk } };
  return {
    KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
    ExpressionAttributeNames: { "#pk": pkName, "#sk": skName },
    ExpressionAttributeValues: { ":pk": pk, ":prefix": prefix },
  };
}

/**
 * All items of a partition whose sort key starts with `prefix`, following pages. For lists that are
 * bounded by design (an organisation's sites, partners, surveys); unbounded lists page explicitly.
 */
export async function queryAll(opts: { pk: string; prefix: string; index?: "gsi1" | "gsi2"; limit?: number }) {
  const pkName = opts.index ? `${opts.index}pk` : "pk";
  const skName = opts.index ? `${opts.index}sk` : "sk";
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await client().send(
      new QueryCommand({
        TableName: table(),
        IndexName: opts.index,
        ...keyCondition(pkName, skName, opts.pk, opts.prefix),
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(res.Items ?? []));
    start = res.LastEvaluatedKey;
  } while (start && (!opts.limit || items.length < opts.limit));
  return opts.limit ? items.slice(0, opts.limit) : items;
}

const badCursor = () => new VisibleError("input", "input.bad_cursor", "This page link is not valid. Please start from the first page.");

/**
 * A cursor comes back from the client, so it is untrusted: garbage, or a key from another partition
 * (another organisation's list), must be an input error rather than a 500 from JSON.parse or from
 * DynamoDB rejecting the start key. `required` are the start key's attribute names; the key must also
 * lie in the queried partition and prefix.
 */
function decodeCursor(cursor: string, required: string[], expect: { pkName: string; pk: string; skName: string; prefix: string }) {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString());
  } catch {
    throw badCursor();
  }
  if (!key || typeof key !== "object" || Array.isArray(key)) throw badCursor();
  const record = key as Record<string, unknown>;
  // A start key holds exactly the table's key and, on an index, the index's key: all strings.
  const names = Object.keys(record);
  if (names.length !== required.length || !required.every((n) => typeof record[n] === "string")) throw badCursor();
  if (record[expect.pkName] !== expect.pk || !String(record[expect.skName]).startsWith(expect.prefix)) throw badCursor();
  return record as Record<string, string>;
}

/** One page of a query, with an opaque cursor for the next. */
export async function queryPage(opts: {
  pk: string;
  prefix: string;
  index?: "gsi1" | "gsi2";
  limit: number;
  cursor?: string;
  after?: string;
}) {
  const pkName = opts.index ? `${opts.index}pk` : "pk";
  const skName = opts.index ? `${opts.index}sk` : "sk";
  const res = await client().send(
    new QueryCommand({
      TableName: table(),
      IndexName: opts.index,
      ...keyCondition(pkName, skName, opts.pk, opts.prefix),
      Limit: opts.limit,
      ExclusiveStartKey: opts.cursor
        ? decodeCursor(opts.cursor, opts.index ? ["pk", "sk", pkName, skName] : ["pk", "sk"], { pkName, pk: opts.pk, skName, prefix: opts.prefix })
        : undefined,
    }),
  );
  return {
    items: res.Items ?? [],
    cursor: res.LastEvaluatedKey ? Buffer.from(JSON.stringify(res.LastEvaluatedKey)).toString("base64url") : undefined,
  };
}
