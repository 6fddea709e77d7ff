// The one DynamoDB table. Its key schema comes from packages/core/src/store/table.ts, the same
// definition DynamoDB Local is created from, so local and AWS can never disagree on keys or indexes.
// SST's Table already turns on point-in-time recovery and on-demand billing.
import { Table, type StackContext } from "sst/constructs";
import { tableDefinition } from "../packages/core/src/store/table";
import { createSecrets } from "./secrets";

export function Storage({ stack, app }: StackContext) {
  const { attributes, primary, globalIndexes, ttl } = tableDefinition;

  const table = new Table(stack, "Table", {
    fields: Object.fromEntries(attributes.map((name) => [name, "string" as const])),
    primaryIndex: { partitionKey: primary.partition, sortKey: primary.sort },
    globalIndexes: Object.fromEntries(
      Object.entries(globalIndexes).map(([name, keys]) => [name, { partitionKey: keys.partition, sortKey: keys.sort }]),
    ),
    // Responses, contacts, drafts and rate-limit counters carry `expiresAt`; DynamoDB deletes them
    // after it passes, which is how retention and draft expiry are enforced without a sweeper job.
    timeToLiveAttribute: ttl,
    cdk: { table: { deletionProtection: app.stage === "prod" } },
  });

  return { table, secrets: createSecrets(stack) };
}
