// Partner summaries for the coordinator: what was sent to whom (and what failed, to retry or resend),
// a preview of any partner's email exactly as it would go out, its CSV (the same suppressed figures),
// and "send now". Everything is decided in core (Summary); each handler validates and calls it. The raw
// responses export for coordinators is results.ts (`/surveys/:id/responses.csv`).
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Summary } from "@feedback/core/summary";
import { Id, body, describe, params } from "./spec";

const tag = "summaries";
const Survey = params(z.object({ id: Id }));
const ForPartner = params(z.object({ id: Id, partnerId: Id }));

const Preview = z.object({
  subject: z.string(),
  html: z.string(),
  text: z.string(),
  csv: z.string(),
  locale: z.string(),
  period: z.object({ kind: Summary.PeriodKind, key: z.string(), start: z.string().optional() }),
  /** False when nothing would be sent now (agreement not active, survey not open): a what-if preview. */
  due: z.boolean(),
  k: z.number().int(),
  recipients: z.array(z.string()),
});
const Sent = z.object({ period: z.string(), outcomes: z.record(z.string(), z.enum(["sent", "skipped", "failed", "unconfirmed"])) });

export const summaries = new Hono()
  .get("/surveys/:id/summaries", describe({ tag, access: "coordinator", summary: "Partner summary deliveries: sent, failed (retried by the next run) or unconfirmed", response: z.array(Summary.Delivery) }), Survey, async (c) =>
    c.json({ result: await Summary.deliveries({ orgId: Actor.orgId(), surveyId: c.req.valid("param").id }) }, 200),
  )
  .get(
    "/surveys/:id/summaries/:partnerId/preview",
    describe({ tag, access: "coordinator", summary: "A partner's summary email as it would be sent now (HTML, text, CSV), in the partner's language", response: Preview }),
    ForPartner,
    async (c) => {
      const { id, partnerId } = c.req.valid("param");
      return c.json({ result: await Summary.preview({ orgId: Actor.orgId(), surveyId: id, partnerId }) }, 200);
    },
  )
  .get(
    "/surveys/:id/summaries/:partnerId/csv",
    describe({ tag, access: "coordinator", produces: "text/csv", summary: "The partner CSV: the suppressed figures of the partner's summary, nothing else" }),
    ForPartner,
    async (c) => {
      const { id, partnerId } = c.req.valid("param");
      const { filename, csv } = await Summary.partnerCsv({ orgId: Actor.orgId(), surveyId: id, partnerId });
      c.header("Content-Type", "text/csv; charset=utf-8");
      c.header("Content-Disposition", `attachment; filename="${filename}"`);
      c.header("Cache-Control", "no-store");
      return c.body(csv, 200);
    },
  )
  .post(
    "/surveys/:id/summaries/:partnerId/send",
    describe({ tag, access: "coordinator", summary: "Send this period's summary to the partner now (once per period; `resend` retries unconfirmed attempts)", response: Sent }),
    ForPartner,
    body(z.object({ resend: z.boolean().default(false) })),
    async (c) => {
      const { id, partnerId } = c.req.valid("param");
      return c.json({ result: await Summary.trigger({ orgId: Actor.orgId(), surveyId: id, partnerId, resend: c.req.valid("json").resend }) }, 200);
    },
  );
