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
import { Layout, type Speech } from "../form/views";

function page(c: Context, locale: string, title: string, body: string, action?: { href: string; label: string }, status: 200 | 404 = 200) {
  c.header("Cache-Control", "no-store");
  return c.html(
    "<!doctype html>" +
      (
        <Layout s={{ locale } as Speech} title={title}>
          <h1>{title}</h1>
          <p>{body}</p>
          {action ? (
            <form method="post" action={action.href}>
              <input type="hidden" name="List-Unsubscribe" value="One-Click" />
              <div class="actions">
                <button class="btn primary" type="submit">
                  {action.label}
                </button>
              </div>
            </form>
          ) : null}
        </Layout>
      ),
    status,
  );
}

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
