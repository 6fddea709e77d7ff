// The form's one stylesheet: system fonts (no downloads), large touch targets, visible focus, and
// logical properties only (margin-inline, inset-inline), so right-to-left pages mirror by themselves.
// Colours meet WCAG AA contrast. Served with a content hash in its URL and cached for a year.
import { createHash } from "node:crypto";

export const css = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans CJK SC",sans-serif;color:#1a1a1a;background:#f6f6f4}
main{max-inline-size:40rem;margin:0 auto;padding:1rem;background:#fff;min-block-size:100vh}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem}
a{color:#0b57d0}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
.skip{position:absolute;inset-inline-start:-999rem}
.skip:focus{inset-inline-start:1rem;background:#fff;padding:.5rem}
.lang{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center;font-size:.95rem;margin-block-end:.75rem;padding-block-end:.5rem;border-block-end:1px solid #ddd}
.lang ul{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
.lang button,.lang a{font:inherit;background:none;border:1px solid transparent;border-radius:.3rem;color:#0b57d0;text-decoration:underline;padding:.35rem .4rem;min-block-size:2.75rem;cursor:pointer}
.lang [aria-current]{display:inline-block;padding:.35rem .4rem;color:#1a1a1a;text-decoration:none;font-weight:600;border:1px solid #767676;border-radius:.3rem}
.progress{margin:0 0 1rem}
.bar{block-size:.5rem;background:#e3e3e3;border-radius:.25rem;overflow:hidden}
.bar span{display:block;block-size:100%;background:#0b57d0}
.note{color:#4a4a4a;font-size:.95rem}
fieldset,.field{border:0;margin:0 0 1.5rem;padding:0;min-inline-size:0}
legend,.field>label{font-weight:600;padding:0;margin-block-end:.5rem;display:block}
.hint{display:block;color:#4a4a4a;font-size:.95rem;margin-block-end:.5rem}
.req{font-weight:400;color:#4a4a4a;font-size:.9rem}
.opt{display:flex;align-items:center;gap:.6rem;min-block-size:2.75rem;padding:.2rem .5rem;border:1px solid #c4c4c4;border-radius:.4rem;margin-block-end:.4rem}
.opt input{inline-size:1.35rem;block-size:1.35rem;margin:0;flex:none}
.scale{display:flex;flex-wrap:wrap;gap:.4rem}
.scale .opt{flex:1 0 2.6rem;flex-direction:column;justify-content:center;text-align:center;gap:.2rem;margin:0}
.scale.likert .opt{flex-basis:100%;flex-direction:row;text-align:start}
@media (min-width:40rem){.scale.likert .opt{flex-basis:0;flex-direction:column;text-align:center}}
.ends{display:flex;justify-content:space-between;color:#4a4a4a;font-size:.9rem;margin-block-start:.3rem;gap:1rem}
input[type=text],input[type=number],textarea{font:inherit;inline-size:100%;padding:.6rem;border:1px solid #767676;border-radius:.4rem;min-block-size:2.75rem}
textarea{min-block-size:8rem}
.err{color:#b3261e;font-weight:600;display:block;margin-block-end:.4rem}
[aria-invalid=true],.invalid .opt{border-color:#b3261e}
.summary{border:2px solid #b3261e;border-radius:.4rem;padding:.75rem 1rem;margin-block-end:1rem}
.summary ul{margin:.25rem 0 0;padding-inline-start:1.2rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;justify-content:space-between;margin-block-start:1.5rem}
.btn{font:inherit;font-weight:600;padding:.7rem 1.4rem;min-block-size:2.75rem;border-radius:.4rem;border:2px solid #0b57d0;background:#0b57d0;color:#fff;cursor:pointer}
.btn.secondary{background:#fff;color:#0b57d0}
.actions .btn:only-child,.actions .primary{margin-inline-start:auto}
dl.review{margin:0}
dl.review dt{font-weight:600;margin-block-start:1rem}
dl.review dd{margin:0;display:flex;flex-wrap:wrap;justify-content:space-between;gap:.5rem;align-items:baseline;border-block-end:1px solid #e3e3e3;padding-block-end:.5rem}
dl.review dd button{font:inherit;background:none;border:0;color:#0b57d0;text-decoration:underline;cursor:pointer;min-block-size:2.75rem;padding:0 .25rem}
.vh{position:absolute;inline-size:1px;block-size:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
${Array.from({ length: 21 }, (_, i) => `.p${i * 5}{inline-size:${i * 5}%}`).join("")}
`.replace(/\n/g, "");

export const cssHash = createHash("sha256").update(css).digest("base64url").slice(0, 10);
export const cssPath = `/assets/form-${cssHash}.css`;
