// One-click unsubscribe from partner summary emails (RFC 8058), served by the unsubscribe function
// because it must work without a session, from a mail client:
//
//   GET  /unsubscribe/partner/:token   a page in the partner's language asking to confirm (no JS)
//   POST /unsubscribe/partner/:token   stops every summary from that organisation to the address.
//                                      Mail clients post "List-Unsubscribe=One-Click" here with no
//                                      cookie and no page, so there is no CSRF token: the unguessable
//                                      token is the authority, and a forged post can only do what the
//                                      link's owner asked for.
// GET never unsubscribes: link scanners in mail gateways open links, and must not stop the summaries.
// It imports only the unsubscribe parts of Summary and of its catalogues.
import { Hono, type Context } from "hono";
import { I18n } from "@feedback/core/i18n";
import { unsubscribe as catalogues } from "@feedback/core/i18n/summary/unsubscribe";
import { unsubscribe, unsubscribeInfo } from "@feedback/core/summary/unsubscribe";
import { page } from "./page";

function invalid(c: Context) {
  const locale = I18n.fromAcceptLanguage(c.req.header("accept-language")) ?? "en";
  const t = I18n.translator(catalogues, locale);
  return page(c, locale, t("unsubscribe.title"), t("unsubscribe.invalid"), undefined, 404);
}

export const partnerUnsubscribe = new Hono()
  .get("/unsubscribe/partner/:token", async (c) => {
    const link = await unsubscribeInfo(c.req.param("token"));
    if (!link) return invalid(c);
    const locale = I18n.closest(link.language) ?? "en";
    const t = I18n.translator(catalogues, locale);
    return page(c, locale, t("unsubscribe.title"), t("unsubscribe.confirm", { org: link.orgName, email: link.email }), { href: c.req.path, label: t("unsubscribe.button") });
  })
  .post("/unsubscribe/partner/:token", async (c) => {
    const link = await unsubscribe(c.req.param("token"));
    if (!link) return invalid(c);
    const locale = I18n.closest(link.language) ?? "en";
    const t = I18n.translator(catalogues, locale);
    return page(c, locale, t("unsubscribe.title"), t("unsubscribe.done", { org: link.orgName, email: link.email }));
  });
