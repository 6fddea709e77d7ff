// The one page both unsubscribe links show: a title, a sentence and, to confirm, one button that
// posts what a mail client's one-click unsubscribe posts (RFC 8058). No JavaScript; never cached.
import type { Context } from "hono";
import { Layout, type Speech } from "../form/views";

export function page(c: Context, locale: string, title: string, body: string, action?: { href: string; label: string }, status: 200 | 404 = 200) {
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
