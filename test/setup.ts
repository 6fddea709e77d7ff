// Per test file: a fresh table in the shared DynamoDB Local, with the production key schema.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { randomBytes } from "node:crypto";
import { beforeAll, inject } from "vitest";
import { Store } from "../packages/core/src/store";
import { ensureTable } from "../packages/core/src/store/admin";

const endpoint = inject("dynamoEndpoint");
process.env.SES_ENDPOINT = inject("sesEndpoint");
process.env.DYNAMO_ENDPOINT = endpoint;
const table = `test-${randomBytes(6).toString("hex")}`;
process.env.TABLE_NAME = table;
Store.configure({ table, endpoint });

beforeAll(async () => {
  const client = new DynamoDBClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await ensureTable(client, table);
  client.destroy();
});
