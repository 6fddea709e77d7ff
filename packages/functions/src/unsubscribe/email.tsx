// One-click unsubscribe from invitation emails (RFC 8058), in the unsubscribe function (app.ts):
//
//   GET  /u/:token   a page in the family's language asking to confirm, with one button (no JS)
//   POST /u/:token   unsubscribes. Mail clients post "List-Unsubscribe=One-Click" here without
//                    cookies or a page, so this takes no CSRF token: the unguessable token is the
//                    authority, and the worst a forged post can do is what its owner asked for.
//
// The token names an organisation, a contact and a channel (optout/index.ts) and reveals nothing.
// Pages never show the address: whoever holds the link already knows whose it is.
import { Hono, type Context } from "hono";
import { I18n } from "@feedback/core/i18n";
import { messages, type MessageKey } from "@feedback/core/i18n/messages";
import { OptOut } from "@feedback/core/optout";
import { page } from "./page";

const localeFor = (c: Context, link?: { language: string }) => I18n.closest(link?.language) ?? I18n.fromAcceptLanguage(c.req.header("accept-language")) ?? "en";

function invalid(c: Context) {
  const locale = localeFor(c);
  const t = I18n.translator(messages, locale);
  return page(c, locale, t("unsubscribe.invalid.title"), t("unsubscribe.invalid.body"), undefined, 404);
}

export const unsubscribe = new Hono()
  .get("/u/:token", async (c) => {
    const link = await OptOut.unsubscribeLink(c.req.param("token"));
    if (!link) return invalid(c);
    const locale = localeFor(c, link);
    const t = (key: MessageKey) => I18n.translator(messages, locale)(key, { org: link.orgName });
    return page(c, locale, t("unsubscribe.title"), t("unsubscribe.body"), { href: c.req.path, label: t("unsubscribe.action") });
  })
  .post("/u/:token", async (c) => {
    const link = await OptOut.unsubscribe(c.req.param("token"));
    if (!link) return invalid(c);
    const locale = localeFor(c, link);
    const t = (key: MessageKey) => I18n.translator(messages, locale)(key, { org: link.orgName });
    return page(c, locale, t("unsubscribe.done.title"), t("unsubscribe.done.body"));
  });
