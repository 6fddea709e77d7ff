import type en from "./en";

/** Every locale's summary catalogue has exactly the English keys. */
export type SummaryCatalogue = { readonly [K in keyof typeof en]: string };
