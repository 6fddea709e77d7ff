// The family form's catalogues as written, all 15 locales: the typed source of truth, which
// `npm run i18n` (../compile.ts) compiles into compiled/<locale>.json. Functions never import this
// module: they read one locale's compiled file at a time (./index.ts). Used by the compiler and tests.
import ar from "./ar";
import en from "./en";
import es from "./es";
import fa from "./fa";
import fr from "./fr";
import ht from "./ht";
import ko from "./ko";
import pt from "./pt";
import ru from "./ru";
import so from "./so";
import tl from "./tl";
import uk from "./uk";
import vi from "./vi";
import zhHans from "./zh-Hans";
import zhHant from "./zh-Hant";
import type { FormCatalogue } from "./types";

export const sources: Record<string, FormCatalogue> = {
  en, es, vi, ar, ht, so, "zh-Hans": zhHans, "zh-Hant": zhHant, ko, ru, pt, fr, tl, uk, fa,
};
