// The Texter port: text messages. In AWS it is End User Messaging SMS (`pinpoint-sms-voice-v2`
// SendTextMessage) from the deployment's origination identity (a toll-free number or 10DLC campaign,
// registered by hand); locally and in tests it is an outbox (outbox.ts) that keeps messages in a
// DynamoDB Local table of its own, listed at /dev/sms, where a developer can reply as a family would.
export * as Texter from "./index";

import { PinpointSMSVoiceV2Client, SendTextMessageCommand, type SendTextMessageCommandInput } from "@aws-sdk/client-pinpoint-sms-voice-v2";

export type Sms = {
  to: string;
  body: string;
  /** The number or pool to send from; defaults to SMS_ORIGINATION_IDENTITY (replies use the number the family texted). */
  from?: string;
  /** Ids only (invitation, organisation): returned with delivery events. At most five. */
  context?: Record<string, string>;
};

export interface Adapter {
  send(sms: Sms): Promise<{ messageId: string }>;
}

let adapter: Adapter | undefined;

export function configure(next: Adapter | undefined) {
  adapter = next;
}

export function use(): Adapter {
  adapter ??= aws();
  return adapter;
}

export const send = (sms: Sms) => use().send(sms);

/** Builds the SendTextMessage input (exported so tests pin the exact request). */
export function input(sms: Sms): SendTextMessageCommandInput {
  const from = sms.from ?? process.env.SMS_ORIGINATION_IDENTITY;
  return {
    DestinationPhoneNumber: sms.to,
    OriginationIdentity: from || undefined,
    MessageBody: sms.body,
    // Transactional: an invitation the family's school arranged, not marketing; carriers route it
    // on the faster path and it is not held back by promotional filters.
    MessageType: "TRANSACTIONAL",
    ConfigurationSetName: process.env.SMS_CONFIGURATION_SET || undefined,
    Context: sms.context && Object.keys(sms.context).length ? sms.context : undefined,
  };
}

/**
 * The AWS adapter. `maxAttempts: 1` by default: the SDK's own retries would resend after a timeout
 * in which the message may already have gone out. The send worker retries only what it knows was
 * not sent (throttling), with its own backoff.
 */
export function aws(opts: { client?: PinpointSMSVoiceV2Client; maxAttempts?: number } = {}): Adapter {
  let client = opts.client;
  return {
    async send(sms) {
      client ??= new PinpointSMSVoiceV2Client({ region: process.env.AWS_REGION ?? "us-east-1", maxAttempts: opts.maxAttempts ?? 1 });
      const res = await client.send(new SendTextMessageCommand(input(sms)));
      return { messageId: res.MessageId ?? "" };
    },
  };
}

export { Outbox } from "./outbox";
export type { OutboxMessage } from "./outbox";
