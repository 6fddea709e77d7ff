// Messages to families, all 15 locales: invitation and reminder emails and texts, the replies to SMS
// keywords, and the unsubscribe page. A separate area from the form's strings, so that the form
// Lambda does not bundle them and the send worker does not bundle the form's.
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
import type { MessagesCatalogue } from "./types";

export type { MessagesCatalogue } from "./types";
export type MessageKey = keyof MessagesCatalogue & string;

export const messages: Record<string, MessagesCatalogue> = {
  en, es, vi, ar, ht, so, "zh-Hans": zhHans, "zh-Hant": zhHant, ko, ru, pt, fr, tl, uk, fa,
};
