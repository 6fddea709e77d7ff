// The one-time sign-in link `npm start` prints for the demo coordinator, so a newcomer can open the
// console without first finding the code in the mail viewer. It is an ordinary link (10 minutes, one
// use); after that, sign in with the email form and read the code in the mail viewer.
import { Actor } from "@feedback/core/actor";
import { SignIn } from "@feedback/core/signin";
import { DEMO_EMAIL } from "./seed";

export async function demoSignInLink(base: string) {
  const { token } = await Actor.provide({ type: "system" }, () => SignIn.issue(DEMO_EMAIL));
  return `Sign in as the demo coordinator (${DEMO_EMAIL}; one-time link, 10 minutes): ${SignIn.linkUrl(base, token)}`;
}
