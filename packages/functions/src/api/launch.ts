// Launching a survey to families: the preview (each language's email and text message as families
// will see them, SMS segments and the cost estimate, contacts per channel), the launch itself, and
// the sending progress. Launching opens a draft survey (freezing its version) and queues one
// invitation per reachable contact; a request does at most LAUNCH_BUDGET_MS of work and answers
// `done: false` when there is more, so the console calls again (each call carries on where the last
// stopped). A second launch while one runs is a 409, never a second invitation.
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { Id, body, describe, params, query } from "./spec";

const tag = "launch";
const Ref = params(z.object({ id: Id }));
/** Comfortably inside the API Lambda's 20 s timeout. */
const LAUNCH_BUDGET_MS = Number(process.env.LAUNCH_BUDGET_MS ?? 12_000);

const ChannelList = z
  .string()
  .optional()
  .transform((v) => (v ? v.split(",").map((s) => s.trim()) : ["email", "sms"]))
  .pipe(z.array(Contact.Channel).min(1).max(2));

export const launch = new Hono()
  .get(
    "/surveys/:id/launch/preview",
    describe({ tag, access: "coordinator", summary: "What launching would send: per-language email and SMS samples, SMS segments, cost estimate, contacts per channel", response: Distribution.Preview }),
    Ref,
    query(z.object({ channels: ChannelList })),
    async (c) => c.json({ result: await Distribution.preview({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, channels: c.req.valid("query").channels }) }, 200),
  )
  .post(
    "/surveys/:id/launch",
    describe({
      tag,
      access: "coordinator",
      summary: "Launch: open the survey and queue an invitation for every reachable contact not yet invited",
      description: "Answers the launch's state; `done: false` means call again to carry on. A launch already running answers 409 `launch.running`.",
      response: Distribution.LaunchState,
    }),
    Ref,
    body(z.object({ channels: z.array(Contact.Channel).min(1).max(2).default(["email", "sms"]) })),
    async (c) =>
      c.json(
        { result: await Distribution.launch({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id, channels: c.req.valid("json").channels, budgetMs: LAUNCH_BUDGET_MS }) },
        200,
      ),
  )
  .get(
    "/surveys/:id/sending",
    describe({ tag, access: "coordinator", summary: "Sending progress: the launch, and invitations by status, channel and language", response: Distribution.Progress }),
    Ref,
    async (c) => c.json({ result: await Distribution.progress({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id }) }, 200),
  );
