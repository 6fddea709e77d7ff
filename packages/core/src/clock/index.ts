// The Clock port: everything that depends on "now" (open and close dates, quiet hours, schedules,
// expiry) asks here, so tests can move time instead of waiting for it.
export * as Clock from "./index";

let source: () => Date = () => new Date();

export const now = () => source();
export const iso = () => now().toISOString();
/** The UTC calendar day, YYYY-MM-DD: the finest time an anonymous response may carry. */
export const day = (at: Date = now()) => at.toISOString().slice(0, 10);
/** Seconds since the epoch, for DynamoDB TTL attributes. */
export const epochSeconds = (at: Date = now()) => Math.floor(at.getTime() / 1000);

/** Tests only: pin or move the clock. Returns a function that restores the previous one. */
export function set(next: Date | (() => Date)) {
  const previous = source;
  source = typeof next === "function" ? next : () => next;
  return () => {
    source = previous;
  };
}
