// Reminders (DESIGN §4 Remind): a scheduled job re-invites families who have not answered, at most
// `reminders.max` times per survey and at least `reminders.everyDays` days after the last message,
// never once the survey has closed, never to anyone who opted out (the worker checks the contact when
// it sends). In anonymous mode nothing links a response to its family, so "has not answered" is the
// invitation's `answered` mark and nothing else; the job never reads responses.
//
// Each reminder is claimed on the invitation (queuedRound, with a condition) before it is queued, so
// a retried job run never queues a round twice; the worker's own claim makes a duplicate harmless
// anyway. The same pass re-queues what a lost queue message left behind (a local restart, a crash
// between claim and enqueue): invitations queued long ago and still not sent.
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { Actor } from "../actor";
import { Clock } from "../clock";
import { Invitation } from "../invitation";
import { Log } from "../log";
import { Queue } from "../queue";
import { Store } from "../store";
import { Survey } from "../survey";
import { launchKey } from "./distribution.dynamo";
import { LaunchState } from "./index";
import type { Job } from "./send";

const DAY = 86_400_000;
/** Queued longer than this and still not sent: the message is presumed lost and queued again. */
const STALE_MS = Number(process.env.REQUEUE_AFTER_MS ?? 24 * 3600_000);

async function eachInvitation(surveyId: string, visit: (inv: Invitation.Info) => Promise<void>) {
  let cursor: string | undefined;
  do {
    const page = await Store.queryPage({ pk: `SURVEY#${surveyId}#INV`, prefix: "INV#", index: "gsi1", limit: 500, cursor });
    for (const item of page.items) await visit(Invitation.Info.parse(Store.strip(item)));
    cursor = page.cursor;
  } while (cursor);
}

async function claimRound(inv: Invitation.Info, round: number) {
  const token = await Invitation.tokenFor(inv.id);
  try {
    await Store.client().send(
      new UpdateCommand({
        TableName: Store.table(),
        Key: Invitation.keyOf(token),
        UpdateExpression: "SET queuedRound = :r, queuedAt = :at",
        ConditionExpression: "answered = :f AND sentRound = :prev AND (attribute_not_exists(queuedRound) OR queuedRound < :r)",
        ExpressionAttributeValues: { ":r": round, ":at": Clock.iso(), ":f": false, ":prev": round - 1 },
      }),
    );
    return true;
  } catch (err) {
    // Answered, sent or queued since the page was read: nothing to do.
    if (err instanceof ConditionalCheckFailedException) return false;
    throw err;
  }
}

const wasSent = (inv: Invitation.Info) => inv.sentRound >= 0 && (inv.status === "sent" || inv.status === "delivered" || inv.failure === "uncertain");

/** Whether an invitation is due its next reminder now. */
export function due(inv: Invitation.Info, survey: Pick<Survey.Info, "reminders">, now = Clock.now()) {
  const round = inv.sentRound + 1;
  if (inv.answered || !wasSent(inv) || round > survey.reminders.max) return false;
  if ((inv.queuedRound ?? 0) >= round) return false;
  const last = inv.lastSentAt ? new Date(inv.lastSentAt).getTime() : 0;
  return now.getTime() - last >= survey.reminders.everyDays * DAY;
}

function stale(inv: Invitation.Info, staleMs: number, now: Date) {
  if (inv.answered) return undefined;
  const at = inv.queuedAt ? new Date(inv.queuedAt).getTime() : 0;
  if (now.getTime() - at < staleMs) return undefined;
  const claimedNow = inv.claimRound !== undefined && inv.claimRound > inv.sentRound && (inv.claimUntil ?? 0) > Clock.now().getTime();
  if (claimedNow) return undefined;
  if (inv.sentRound < 0 && inv.status === "queued" && (inv.claimRound ?? -1) < 0) return 0;
  if ((inv.queuedRound ?? 0) > inv.sentRound && (inv.claimRound ?? -1) < (inv.queuedRound ?? 0)) return inv.queuedRound!;
  return undefined;
}

async function pass(staleMs: number, reminders: boolean) {
  return Actor.provide({ type: "system" }, async () => {
    const now = Clock.now();
    let queued = 0;
    for (const survey of await Survey.listOpen()) {
      if (Survey.availability(survey, now) !== "open") continue;
      const launch = await Store.get(launchKey(survey.id));
      const channels = launch ? LaunchState.parse(Store.strip(launch)).channels : (["email", "sms"] as const);
      const jobs: { body: string }[] = [];
      const job = (inv: Invitation.Info, round: number) => ({ body: JSON.stringify({ v: 1, orgId: inv.orgId, surveyId: inv.surveyId, invitationId: inv.id, contactId: inv.contactId, round, channels: [...channels] } satisfies Job) });
      await eachInvitation(survey.id, async (inv) => {
        if (inv.orgId !== survey.orgId) return;
        const lost = stale(inv, staleMs, now);
        if (lost !== undefined) {
          jobs.push(job(inv, lost));
          return;
        }
        if (reminders && survey.reminders.max > 0 && due(inv, survey, now) && (await claimRound(inv, inv.sentRound + 1))) jobs.push(job(inv, inv.sentRound + 1));
      });
      if (jobs.length) {
        await Queue.send(jobs);
        Log.info("remind.queued", { orgId: survey.orgId, surveyId: survey.id, count: jobs.length });
      }
      queued += jobs.length;
    }
    return { count: queued };
  });
}

/** The scheduled job: reminders that are due, and anything whose queue message was lost. */
export const remind = () => pass(STALE_MS, true);

/**
 * Queues again every invitation that is waiting to be sent, at once. The local runtime calls this on
 * start: its queue lives in memory, so a restart loses what was queued. Duplicates are harmless.
 */
export const recover = () => pass(0, false);
