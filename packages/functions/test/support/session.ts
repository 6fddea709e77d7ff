// A signed-in coordinator for API tests: a real coordinator and a real session, as the sign-in flow
// would leave them. Returns the headers a console request carries (cookie and same-origin Origin).
import { Coordinator } from "@feedback/core/coordinator";
import { Organisation } from "@feedback/core/organisation";
import { Session } from "@feedback/core/session";
import { system } from "./fixtures";

export async function signedIn(opts: { orgId?: string; role?: "admin" | "coordinator" } = {}) {
  return system(async () => {
    const orgId = opts.orgId ?? (await Organisation.create({ name: "Test District" })).id;
    const coordinator = await Coordinator.create({
      orgId,
      email: `coordinator.${Math.random().toString(36).slice(2)}@example.org`,
      name: "Test Coordinator",
      role: opts.role ?? "coordinator",
      siteIds: [],
    });
    const { token } = await Session.create(coordinator);
    return { orgId, coordinator, headers: { cookie: `sid=${token}`, origin: "http://127.0.0.1" } };
  });
}
