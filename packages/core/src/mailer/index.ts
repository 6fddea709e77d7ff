// The Mailer port: email through SES v2 `SendEmail` with `Simple` content (HTML, text, headers such as
// List-Unsubscribe, attachments). In AWS it uses the function's role; locally and in tests the same
// client points at the SES v2 emulator (SES_ENDPOINT). SES v2 is used rather than v1 `SendRawEmail`
// because it keeps custom headers and attachments in the emulator's store, where they can be asserted.
export * as Mailer from "./index";

import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from "@aws-sdk/client-sesv2";
import { oneLine } from "../util";

export type Email = {
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Defaults to SENDER_EMAIL. */
  from?: string;
  replyTo?: string[];
  headers?: { name: string; value: string }[];
  attachments?: { filename: string; contentType: string; content: Uint8Array | string }[];
  /** SES message tags (for example the invitation or summary id), returned with bounce events. */
  tags?: Record<string, string>;
};

let client: SESv2Client | undefined;

/** Tests and the local runtime may point the mailer elsewhere; by default it reads the environment. */
export function configure(next: SESv2Client | undefined) {
  client = next;
}

/** A client for this environment (SES_ENDPOINT points it at the emulator). */
export function createClient(opts: { maxAttempts?: number } = {}) {
  const endpoint = process.env.SES_ENDPOINT;
  return new SESv2Client({
    region: process.env.AWS_REGION ?? "us-east-1",
    ...(endpoint ? { endpoint, credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000 },
    ...(opts.maxAttempts ? { maxAttempts: opts.maxAttempts } : {}),
  });
}

function use() {
  client ??= createClient();
  return client;
}

export const sender = () => process.env.SENDER_EMAIL ?? "surveys@example.org";

/**
 * Builds the SES v2 input (exported for tests that assert the exact request). Whatever a caller passes,
 * the subject, header values and attachment names reach SES on one line (`oneLine`): no header injection.
 */
export function input(email: Email): SendEmailCommandInput {
  const utf8 = (Data: string) => ({ Data, Charset: "UTF-8" });
  return {
    FromEmailAddress: email.from ?? sender(),
    Destination: { ToAddresses: email.to },
    ReplyToAddresses: email.replyTo,
    ConfigurationSetName: process.env.SES_CONFIGURATION_SET || undefined,
    EmailTags: email.tags ? Object.entries(email.tags).map(([Name, Value]) => ({ Name, Value })) : undefined,
    Content: {
      Simple: {
        Subject: utf8(oneLine(email.subject)),
        Body: { Html: utf8(email.html), Text: utf8(email.text) },
        Headers: email.headers?.map((h) => ({ Name: h.name, Value: oneLine(h.value) })),
        Attachments: email.attachments?.map((a) => ({
          FileName: oneLine(a.filename),
          ContentType: a.contentType,
          RawContent: typeof a.content === "string" ? new TextEncoder().encode(a.content) : a.content,
          ContentDisposition: "ATTACHMENT",
        })),
      },
    },
  };
}

/**
 * Sends one email; returns SES's message id. Throttling surfaces as the SDK's own error classes.
 * `via` sends through another client: the invitation sender uses one that never retries by itself,
 * because a retried timeout could deliver the same invitation twice.
 */
export async function send(email: Email, via?: SESv2Client) {
  const res = await (via ?? use()).send(new SendEmailCommand(input(email)));
  return { messageId: res.MessageId ?? "" };
}
