// Local-only pages under /dev (mounted by local/server.ts, never by a Lambda app): the SMS outbox.
//
//   GET  /dev/sms             the texts "sent" (and replies), newest first, with a reply form for each
//   GET  /dev/sms.json        the same as JSON: { messages: [{ id, direction, to, from, text, link, … }] }
//   POST /dev/sms/:id/reply   reply to a text as the family would (STOP, START, HELP or anything);
//                             form fields or JSON { text }. The reply goes through the same inbound
//                             handler AWS invokes from SNS, and its answer lands in the outbox.
//
// The outbox holds phone numbers (it is the carrier's side of the conversation), so these pages exist
// only on the developer's machine, on loopback, like the SES emulator's mail viewer.
import { Hono, type Context } from "hono";
import { Message } from "@feedback/core/message";
import type { Texter } from "@feedback/core/texter";
import { handler as inboundSms } from "../inbound/sms";

const linkIn = (text: string) => /https?:\/\/\S+\/s\/[A-Za-z0-9_-]{22}/.exec(text)?.[0];

function sameOrigin(c: Context) {
  const origin = c.req.header("origin");
  return !origin || origin === "null" || origin === new URL(c.req.url).origin;
}

export function createDevApp(opts: { outbox: Texter.Outbox }) {
  const { outbox } = opts;
  const reply = async (id: string, text: string) => {
    const original = await outbox.get(id);
    if (!original || original.direction !== "out") return undefined;
    // The family answers from the number we texted, to the number we texted from.
    await outbox.receive({ from: original.to, to: original.from, text });
    await inboundSms({ Records: [{ Sns: { Message: JSON.stringify({ originationNumber: original.to, destinationNumber: original.from, messageBody: text }) } } as never] });
    return original;
  };

  return new Hono()
    .get("/sms.json", async (c) => {
      const messages = await outbox.list(500);
      c.header("Cache-Control", "no-store");
      return c.json({
        messages: messages.map((m) => {
          const count = Message.count(m.text);
          return { ...m, link: linkIn(m.text), segments: count.segments, encoding: count.encoding };
        }),
      });
    })
    .get("/sms", async (c) => {
      const messages = await outbox.list(500);
      c.header("Cache-Control", "no-store");
      return c.html(
        "<!doctype html>" +
          (
            <html lang="en">
              <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>SMS outbox (local)</title>
                <style>{`body{font-family:system-ui,sans-serif;max-width:48rem;margin:1rem auto;padding:0 1rem;line-height:1.45}
li{list-style:none;border:1px solid #ddd;border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.in{background:#f3f7ff}.meta{color:#555;font-size:.9rem}.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.4rem 0}
form{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center}button,input{font:inherit;padding:.3rem .6rem}`}</style>
              </head>
              <body>
                <h1>SMS outbox</h1>
                <p>
                  Texts the local stack "sent" (newest first), and the replies. Reply as the family would: STOP opts out, START opts back in, HELP answers with
                  help. Also as <a href="/dev/sms.json">JSON</a>.
                </p>
                <ul>
                  {messages.map((m) => {
                    const count = Message.count(m.text);
                    const link = linkIn(m.text);
                    return (
                      <li class={m.direction}>
                        <div class="meta">
                          {m.direction === "out" ? "To" : "From"} {m.direction === "out" ? m.to : m.from} · {m.at} · {count.encoding}, {count.segments}{" "}
                          {count.segments === 1 ? "segment" : "segments"}
                        </div>
                        <div class="text" dir="auto">
                          {m.text}
                        </div>
                        {link ? (
                          <div>
                            <a href={link}>Open the link</a>
                          </div>
                        ) : null}
                        {m.direction === "out" ? (
                          <form method="post" action={`/dev/sms/${m.id}/reply`}>
                            <button name="text" value="STOP">
                              STOP
                            </button>
                            <button name="text" value="START">
                              START
                            </button>
                            <button name="text" value="HELP">
                              HELP
                            </button>
                            <label>
                              or reply <input name="text" aria-label="Reply text" />
                            </label>
                            <button>Send</button>
                          </form>
                        ) : null}
                      </li>
                    );
                  })}
                </ul>
              </body>
            </html>
          ),
      );
    })
    .post("/sms/:id/reply", async (c) => {
      if (!sameOrigin(c)) return c.json({ error: { code: "auth.bad_origin", message: "Cross-site request refused." } }, 403);
      const json = (c.req.header("content-type") ?? "").includes("application/json");
      let text: string | undefined;
      if (json) {
        const body = (await c.req.json()) as { text?: unknown };
        text = typeof body.text === "string" ? body.text : undefined;
      } else {
        // Several fields may be named "text" (a button and the box): the one with a value wins.
        const all = (await c.req.parseBody({ all: true })).text;
        text = [all].flat().find((v): v is string => typeof v === "string" && v.trim() !== "");
      }
      if (!text?.trim()) return c.json({ error: { code: "input.invalid", message: "Reply with some text." } }, 400);
      const original = await reply(c.req.param("id"), text.trim().slice(0, 1600));
      if (!original) return c.json({ error: { code: "sms.not_found", message: "No such outgoing text." } }, 404);
      return json ? c.json({ result: { replied: true } }) : c.redirect("/dev/sms", 303);
    });
}
