// SMS sending hours (DESIGN §4 Send): text messages go out only between 08:00 and 20:00 in the
// organisation's time zone; one that comes up outside those hours waits in the queue until they open.
// Email has no such hours: it waits in the inbox, not on a ringing phone.
//
// SMS_SEND_HOURS overrides the window ("08:00-20:00" by default, "any" to send at any hour). Only the
// local stack sets it ("any"), so that the demo's texts appear at once whatever the time of day.

export type Window = { start: number; end: number };

/** The window in minutes since local midnight, or null when texts may go at any hour. */
export function window(setting = process.env.SMS_SEND_HOURS ?? "08:00-20:00"): Window | null {
  if (setting === "any") return null;
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(setting.trim());
  if (!m) throw new Error(`SMS_SEND_HOURS must look like 08:00-20:00 or be "any", not ${JSON.stringify(setting)}`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes since midnight on the wall clock of `timeZone` at `at`. */
export function localMinutes(timeZone: string, at: Date) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get("hour") * 60 + get("minute");
}

export function isOpen(timeZone: string, at: Date, w: Window | null = window()) {
  if (!w) return true;
  const m = localMinutes(timeZone, at);
  return w.start <= w.end ? m >= w.start && m < w.end : m >= w.start || m < w.end;
}

/**
 * Seconds from `at` until the window next opens (0 when it is open). Computed on the local wall
 * clock, then checked against it, so a daylight-saving change on the way is corrected for.
 */
export function secondsUntilOpen(timeZone: string, at: Date, w: Window | null = window()) {
  if (!w || isOpen(timeZone, at, w)) return 0;
  const now = localMinutes(timeZone, at);
  let minutes = (w.start - now + 24 * 60) % (24 * 60);
  if (minutes === 0) minutes = 24 * 60;
  let seconds = minutes * 60 - at.getUTCSeconds();
  // A clock change on the way moves the wall clock by an hour: land on the opening minute itself.
  let drift = localMinutes(timeZone, new Date(at.getTime() + seconds * 1000)) - w.start;
  if (drift > 720) drift -= 1440;
  if (drift < -720) drift += 1440;
  if (Math.abs(drift) <= 120) seconds -= drift * 60;
  for (let i = 0; i < 3 && !isOpen(timeZone, new Date(at.getTime() + seconds * 1000), w); i++) seconds += 3600;
  return Math.max(1, seconds);
}
