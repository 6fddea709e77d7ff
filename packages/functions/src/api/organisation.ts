// The organisation's settings, its sites and its coordinators. Everyone signed in may read them;
// changing them is an admin's (core checks the role: `Actor.assertOrg(orgId, "admin")`).
import { Hono } from "hono";
import * as z from "zod";
import { omit } from "zod/mini";
import { Actor } from "@feedback/core/actor";
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Site } from "@feedback/core/site";
import { Id, body, describe, params } from "./spec";

const tag = "organisation";

export const organisation = new Hono()
  .get("/organisation", describe({ tag, access: "coordinator", summary: "The organisation's settings", response: Organisation.Info }), async (c) =>
    c.json({ result: await Organisation.get(Actor.orgId()) }, 200),
  )
  .patch(
    "/organisation",
    describe({ tag, access: "admin", summary: "Change settings: name, country, time zone, language, privacy floor (never below 5), retention", response: Organisation.Info }),
    body(omit(Organisation.UpdateInput, { id: true })),
    async (c) => c.json({ result: await Organisation.update({ ...c.req.valid("json"), id: Actor.orgId() }) }, 200),
  )
  .get("/sites", describe({ tag, access: "coordinator", summary: "The organisation's sites (schools, programmes)", response: z.array(Site.Info) }), async (c) =>
    c.json({ result: await Site.list(Actor.orgId()) }, 200),
  )
  .post(
    "/sites",
    describe({ tag, access: "admin", status: 201, summary: "Add a site", response: Site.Info }),
    body(Site.create.schema.omit({ orgId: true })),
    async (c) => c.json({ result: await Site.create({ ...c.req.valid("json"), orgId: Actor.orgId() }) }, 201),
  )
  .get("/coordinators", describe({ tag, access: "coordinator", summary: "The organisation's coordinators", response: z.array(Coordinator.Info) }), async (c) =>
    c.json({ result: await Coordinator.list(Actor.orgId()) }, 200),
  )
  .post(
    "/coordinators",
    describe({ tag, access: "admin", status: 201, summary: "Add a coordinator (they sign in with their email)", response: Coordinator.Info }),
    body(Coordinator.create.schema.omit({ orgId: true })),
    async (c) => c.json({ result: await Coordinator.create({ ...c.req.valid("json"), orgId: Actor.orgId() }) }, 201),
  )
  .patch(
    "/coordinators/:id",
    describe({ tag, access: "admin", summary: "Change a coordinator's name, role or sites", response: Coordinator.Info }),
    params(z.object({ id: Id })),
    body(Coordinator.UpdateInput.omit({ orgId: true, id: true })),
    async (c) => c.json({ result: await Coordinator.update({ ...c.req.valid("json"), id: c.req.valid("param").id, orgId: Actor.orgId() }) }, 200),
  )
  .delete("/coordinators/:id", describe({ tag, access: "admin", status: 204, summary: "Remove a coordinator (their sessions end at once)" }), params(z.object({ id: Id })), async (c) => {
    await Coordinator.remove({ id: c.req.valid("param").id, orgId: Actor.orgId() });
    return c.body(null, 204);
  });
