// The partner summary email's catalogues (and its unsubscribe page), all 15 locales.
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
import type { SummaryCatalogue } from "./types";

export type { SummaryCatalogue } from "./types";
export type SummaryKey = keyof SummaryCatalogue & string;

export const summary: Record<string, SummaryCatalogue> = {
  en, es, vi, ar, ht, so, "zh-Hans": zhHans, "zh-Hant": zhHant, ko, ru, pt, fr, tl, uk, fa,
};
