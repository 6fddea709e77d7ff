// Partners: the community organisations that receive anonymised summaries, with their language,
// frequency, data-sharing agreement dates, optional higher privacy threshold, and the surveys shared
// with them. (Previews and "send now" of their summaries are the summaries API's.)
import { Hono } from "hono";
import * as z from "zod";
import { Actor } from "@feedback/core/actor";
import { Partner } from "@feedback/core/partner";
import { Id, body, describe, params } from "./spec";

const tag = "partners";
const Ref = params(z.object({ id: Id }));
const SurveyIds = z.object({ surveyIds: z.array(z.string()).max(500).optional() });

export const partners = new Hono()
  .get("/partners", describe({ tag, access: "coordinator", summary: "Partners, each with the surveys shared with it", response: z.array(Partner.WithSurveys) }), async (c) =>
    c.json({ result: await Partner.listWithSurveys(Actor.orgId()) }, 200),
  )
  .post(
    "/partners",
    describe({ tag, access: "coordinator", status: 201, summary: "Add a partner, and share surveys with it", response: Partner.WithSurveys }),
    // Core checks the agreement's dates are in order, on the whole record.
    body(Partner.CreateFields.omit({ orgId: true }).partial({ frequency: true }).extend(SurveyIds.shape)),
    async (c) => c.json({ result: await Partner.createWithSurveys({ ...c.req.valid("json"), orgId: Actor.orgId() }) }, 201),
  )
  .get("/partners/:id", describe({ tag, access: "coordinator", summary: "One partner", response: Partner.WithSurveys }), Ref, async (c) =>
    c.json({ result: await Partner.getWithSurveys({ orgId: Actor.orgId(), id: c.req.valid("param").id }) }, 200),
  )
  .patch(
    "/partners/:id",
    describe({ tag, access: "coordinator", summary: "Edit a partner, or the surveys shared with it", response: Partner.WithSurveys }),
    Ref,
    body(Partner.UpdateInput.omit({ orgId: true, id: true }).extend(SurveyIds.shape)),
    async (c) => c.json({ result: await Partner.updateWithSurveys({ ...c.req.valid("json"), orgId: Actor.orgId(), id: c.req.valid("param").id }) }, 200),
  )
  .delete("/partners/:id", describe({ tag, access: "coordinator", status: 204, summary: "Remove a partner (stops sharing every survey with it)" }), Ref, async (c) => {
    await Partner.remove({ orgId: Actor.orgId(), id: c.req.valid("param").id });
    return c.body(null, 204);
  });
