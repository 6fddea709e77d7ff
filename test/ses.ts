// Reading what the SES v2 emulator received (its /store), for tests. The emulator is one process for
// the whole test run, so tests find their own emails by recipient rather than clearing the store.
import { inject } from "vitest";

export type StoredEmail = {
  messageId: string;
  from: string;
  subject: string;
  destination: { to: string[]; cc?: string[]; bcc?: string[] };
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
  attachments?: { filename: string; contentType: string; content: string }[];
};

export async function emailsTo(address: string): Promise<StoredEmail[]> {
  const res = await fetch(`${inject("sesEndpoint")}/store`);
  const { emails } = (await res.json()) as { emails: StoredEmail[] };
  return emails.filter((e) => e.destination?.to?.some((t) => t.toLowerCase().includes(address.toLowerCase())));
}
