import type en from "./en";

/** Every locale's messages catalogue has exactly the English keys. */
export type MessagesCatalogue = { readonly [K in keyof typeof en]: string };
