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
  PutCommand,
  TransactWriteCommand,
  type PutCommandInput,
  type TransactWriteCommandInput,
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
  try {
    await client().send(new TransactWriteCommand({ TransactItems: items }));
  } catch (err) {
    if (err instanceof TransactionCanceledException) {
      const reasons = err.CancellationReasons ?? [];
      const index = reasons.findIndex((r) => r.Code === "ConditionalCheckFailed");
      if (index >= 0) throw onConditionFailed(index);
    }
    throw err;
  }
}

/** Removes the store's own attributes from an item before a domain maps it to its Info. */
export function strip<T extends Record<string, unknown>>(item: T) {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, ...rest } = item;
  return rest;
}
