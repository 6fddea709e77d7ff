// Creating the table outside AWS (DynamoDB Local, for `npm start` and tests), from the same definition
// as infra/storage.ts. In AWS, CloudFormation owns the table and this is never called.
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { tableDefinition } from "./table";

export async function ensureTable(client: DynamoDBClient, name: string) {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: tableDefinition.attributes.map((a) => ({ AttributeName: a, AttributeType: "S" })),
        KeySchema: [
          { AttributeName: tableDefinition.primary.partition, KeyType: "HASH" },
          { AttributeName: tableDefinition.primary.sort, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: Object.entries(tableDefinition.globalIndexes).map(([IndexName, k]) => ({
          IndexName,
          KeySchema: [
            { AttributeName: k.partition, KeyType: "HASH" },
            { AttributeName: k.sort, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: tableDefinition.ttl, Enabled: true },
      }),
    );
    return "created" as const;
  } catch (err) {
    if (err instanceof ResourceInUseException) {
      await client.send(new DescribeTableCommand({ TableName: name }));
      return "exists" as const;
    }
    throw err;
  }
}
