// Sending pace, per channel: never faster than the provider's quota (SES's maximum send rate, the SMS
// origination identity's messages per second), with exponential backoff when the provider says we
// are too fast anyway.
//
// SEND_RATE_EMAIL and SEND_RATE_SMS are the deployment's total rates per second. The send worker runs
// as at most SEND_WORKERS processes at once (the queue's event source maximum concurrency in AWS, one
// process locally), each pacing itself at its share. A shared counter in the table would allow
// bursting, but costs a write per message and a hot key; the fixed share is simpler and never exceeds.
import type { Channel } from "../contact";

const rates = () => ({
  email: Number(process.env.SEND_RATE_EMAIL ?? 14),
  sms: Number(process.env.SEND_RATE_SMS ?? 1),
});
const workers = () => Math.max(1, Number(process.env.SEND_WORKERS ?? 2));

const next: Record<Channel, number> = { email: 0, sms: 0 };

/** Milliseconds between two sends on a channel in this process. */
export const interval = (channel: Channel) => (1000 * workers()) / Math.max(0.001, rates()[channel]);

/** Waits for this process's next slot on the channel. Slots are handed out in order, so concurrent callers queue. */
export async function take(channel: Channel) {
  const now = Date.now();
  const slot = Math.max(now, next[channel]);
  next[channel] = slot + interval(channel);
  if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
}

/** After a throttling error: no one in this process sends on the channel before `ms` from now. */
export function pause(channel: Channel, ms: number) {
  next[channel] = Math.max(next[channel], Date.now() + ms);
}

/** Tests: forget the slots handed out. */
export function reset() {
  next.email = 0;
  next.sms = 0;
}
