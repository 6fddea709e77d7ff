// The console's live preview of a survey being written: the real family pages (the same views,
// catalogues and stylesheet), rendered from content that need not be saved or launched, in any of the
// survey's languages. Every question is shown, conditional ones included (a family would see those only
// after the answer their condition names), so that a coordinator can proofread all of them.
//
// The console shows the HTML in a sandboxed iframe (no scripts, no form submission, an opaque origin),
// so the stylesheet is inlined instead of linked: an opaque origin may not load our same-origin CSS.
import { I18n } from "@feedback/core/i18n";
import type { Survey } from "@feedback/core/survey";
import { speechFor } from "./shell";
import { css } from "./style";
import { StepPage } from "./views";

export function previewPage(opts: { content: Survey.Content; anonymity: Survey.Info["anonymity"]; lang: string; page: number }) {
  const { content } = opts;
  const locale = I18n.closest(opts.lang) ?? I18n.closest(content.defaultLanguage) ?? "en";
  const s = speechFor(locale, content);
  // Pages as written (show-if ignored), so every question has a place in the preview.
  const pages: Survey.Question[][] = [];
  for (const q of content.questions) {
    const last = pages.at(-1);
    if (last && last[0]!.page === q.page) last.push(q);
    else pages.push([q]);
  }
  const index = Math.min(Math.max(opts.page, 1), Math.max(pages.length, 1)) - 1;
  const step = pages[index] ?? [];
  const page =
    step.length === 0
      ? "<!doctype html>" + `<html lang="${locale}"><meta charset="utf-8"><body><main><p>No questions yet.</p></main></body></html>`
      : "<!doctype html>" +
        (
          <StepPage
            s={s}
            action="#"
            csrf=""
            content={content}
            anonymity={opts.anonymity}
            step={step}
            index={index}
            total={pages.length}
            values={{}}
            errors={[]}
          />
        ).toString();
  const html = page.replace(/<link rel="stylesheet" href="[^"]*"\s*\/?>/, `<style>${css}</style>`);
  return { html, pages: pages.length, page: index + 1, locale };
}
