// The family form app: server-rendered pages that need no JavaScript. Served by the form Lambda and
// mounted unchanged by the local server.
// (Foundation placeholder: shows the launched survey's first page; the full form flow is its own issue.)
import { Hono, type Context } from "hono";
import { Invitation } from "@feedback/core/invitation";
import { Locale } from "@feedback/core/locale";
import { Survey } from "@feedback/core/survey";
import { limitBody, requestLog, secure } from "../http/common";

type Loaded = NonNullable<Awaited<ReturnType<typeof Survey.forFamily>>>;

function Page(props: { survey: Loaded; lang: string }) {
  const { content } = props.survey;
  const lang = content.languages.includes(props.lang) ? props.lang : content.defaultLanguage;
  const t = (text: Locale.Text) => Locale.pick(text, lang, content.defaultLanguage);
  const title = t(content.title);
  const first = content.questions.filter((q) => q.page === 1);
  return (
    <html lang={lang} dir={Locale.isRtl(lang) ? "rtl" : "ltr"}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title.text}</title>
      </head>
      <body>
        <main>
          <h1 lang={title.lang}>{title.text}</h1>
          <form method="post">
            {first.map((q) => {
              const text = t(q.text);
              return (
                <p>
                  <label lang={text.lang}>
                    {text.text} <input name={q.id} />
                  </label>
                </p>
              );
            })}
            <button type="submit">Next</button>
          </form>
        </main>
      </body>
    </html>
  );
}

const notFound = (c: Context) =>
  c.html('<!doctype html><html lang="en"><meta charset="utf-8"><title>Link not valid</title><h1>This link is not valid.</h1></html>', 404);

export const form = new Hono()
  .use(requestLog, secure(), limitBody(64 * 1024))
  .get("/p/:slug", async (c) => {
    const survey = await Survey.bySlug(c.req.param("slug"));
    if (!survey) return notFound(c);
    return c.html("<!doctype html>" + (<Page survey={survey} lang={c.req.query("lang") ?? survey.content.defaultLanguage} />));
  })
  .get("/s/:token", async (c) => {
    const invitation = await Invitation.byToken(c.req.param("token"));
    const survey = invitation && (await Survey.forFamily(invitation.orgId, invitation.surveyId));
    if (!invitation || !survey) return notFound(c);
    return c.html("<!doctype html>" + (<Page survey={survey} lang={invitation.language} />));
  });
