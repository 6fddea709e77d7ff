// The local SMS outbox: the stand-in for a carrier network, since there is no SMS emulator. Messages
// "sent" are stored in a DynamoDB Local table of their own (`<table>-sms`), so /dev/sms can list them
// after a restart, and a developer can reply to one as the family would (STOP, START, HELP).
//
// A separate table on purpose: like the SES emulator's store, it is the outside world's copy of what
// we sent, and it holds phone numbers. The product's table keeps the rule that phone numbers live only
// in contact items (DESIGN §3 rule 1); this table never exists in AWS.
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { CreateTableCommand, ResourceInUseException } from "@aws-sdk/client-dynamodb";
import { Clock } from "../clock";
import { Store } from "../store";
import { createId } from "../util";
import type { Adapter, Sms } from "./index";

export type OutboxMessage = {
  id: string;
  direction: "out" | "in";
  to: string;
  from: string;
  text: string;
  at: string;
  context?: Record<string, string>;
};

/** The number the local stack "sends" from: a fictional 555-01xx number. */
export const LOCAL_NUMBER = "+18005550199";

export class Outbox implements Adapter {
  private ready: Promise<void> | undefined;
  constructor(private readonly opts: { table?: string } = {}) {}

  get table() {
    return this.opts.table ?? `${Store.table()}-sms`;
  }

  private ensure() {
    this.ready ??= (async () => {
      const settings = Store.use().settings;
      const raw = new DynamoDBClient({
        region: "us-east-1",
        ...(settings.endpoint ? { endpoint: settings.endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
      });
      try {
        await raw.send(
          new CreateTableCommand({
            TableName: this.table,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [
              { AttributeName: "pk", AttributeType: "S" },
              { AttributeName: "sk", AttributeType: "S" },
            ],
            KeySchema: [
              { AttributeName: "pk", KeyType: "HASH" },
              { AttributeName: "sk", KeyType: "RANGE" },
            ],
          }),
        );
      } catch (err) {
        if (!(err instanceof ResourceInUseException)) throw err;
      } finally {
        raw.destroy();
      }
    })();
    return this.ready;
  }

  private async put(message: OutboxMessage) {
    await this.ensure();
    // pk MSG, sk <ULID>: one partition, newest last; a local list stays small.
    await Store.client().send(new PutCommand({ TableName: this.table, Item: { pk: "MSG", sk: message.id, ...message } }));
    return message;
  }

  async send(sms: Sms) {
    const m = await this.put({ id: createId("sms"), direction: "out", to: sms.to, from: sms.from ?? LOCAL_NUMBER, text: sms.body, at: Clock.iso(), ...(sms.context ? { context: sms.context } : {}) });
    return { messageId: m.id };
  }

  /** Records a family's reply (the inbound side), before the inbound handler processes it. */
  receive(reply: { from: string; to: string; text: string }) {
    return this.put({ id: createId("sms"), direction: "in", to: reply.to, from: reply.from, text: reply.text, at: Clock.iso() });
  }

  async get(id: string) {
    await this.ensure();
    const res = await Store.client().send(new GetCommand({ TableName: this.table, Key: { pk: "MSG", sk: id }, ConsistentRead: true }));
    return res.Item ? strip(res.Item) : undefined;
  }

  /** The newest messages first. */
  async list(limit = 200) {
    await this.ensure();
    const out: OutboxMessage[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await Store.client().send(
        new QueryCommand({ TableName: this.table, KeyConditionExpression: "pk = :p", ExpressionAttributeValues: { ":p": "MSG" }, ScanIndexForward: false, Limit: limit - out.length, ExclusiveStartKey: start }),
      );
      out.push(...(res.Items ?? []).map(strip));
      start = res.LastEvaluatedKey;
    } while (start && out.length < limit);
    return out;
  }
}

function strip(item: Record<string, unknown>): OutboxMessage {
  const { pk, sk, ...rest } = item;
  return rest as OutboxMessage;
}
