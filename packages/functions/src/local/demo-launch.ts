// The demo launch, on the local stack's first start: 20 new demo families (about half reached by
// email, half by text, in eight languages) are imported from a small CSV through the real import,
// and the demo survey is launched to them, so the mail viewer and /dev/sms show real invitations
// within seconds whose links open the form in each family's language. The 72 families of the seed
// already answered through their own invitations; launching skips them.
// Everything is fictional: example.org addresses and +1 202-555-01xx numbers (above the seed's).
import { Actor } from "@feedback/core/actor";
import { Contact } from "@feedback/core/contact";
import { Distribution } from "@feedback/core/distribution";
import { DEMO_ORG, DEMO_SURVEY } from "./seed";

const FAMILIES = [
  // name, email, phone, language, preferred channel, school
  ["Lucía Morales", "lucia.morales@example.org", "", "Spanish", "email", "Maple Grove Elementary"],
  ["Nguyễn Thị Lan", "", "(202) 555-0172", "Tiếng Việt", "sms", "Maple Grove Elementary"],
  ["Amal Haddad", "amal.haddad@example.org", "", "Arabic", "email", "Riverside Middle School"],
  ["Jean-Baptiste Pierre", "", "(202) 555-0173", "Haitian Creole", "sms", "Riverside Middle School"],
  ["Wang Fang", "wang.fang@example.org", "", "zh-CN", "email", "Harbor View High School"],
  ["Hodan Warsame", "", "(202) 555-0174", "Somali", "sms", "Maple Grove Elementary"],
  ["Emily Carter", "emily.carter@example.org", "", "English", "email", "Riverside Middle School"],
  ["Carlos Ramírez", "", "(202) 555-0175", "es-MX", "sms", "Harbor View High School"],
  ["Trần Văn Minh", "tran.minh@example.org", "", "Vietnamese", "email", "Maple Grove Elementary"],
  ["Youssef Benali", "", "(202) 555-0176", "العربية", "sms", "Riverside Middle School"],
  ["Marie-Claire Joseph", "marie.joseph@example.org", "", "Kreyòl ayisyen", "email", "Maple Grove Elementary"],
  ["Li Na", "", "(202) 555-0177", "Mandarin", "sms", "Riverside Middle School"],
  ["Ayaan Mohamed", "ayaan.mohamed@example.org", "", "Soomaali", "email", "Harbor View High School"],
  ["Michael Brown", "", "(202) 555-0178", "English", "sms", "Maple Grove Elementary"],
  ["Sofía Herrera", "sofia.herrera@example.org", "(202) 555-0179", "español", "email", "Riverside Middle School"],
  ["Phạm Thu Hà", "", "(202) 555-0180", "vi", "sms", "Harbor View High School"],
  ["Layla Khalil", "layla.khalil@example.org", "", "ar", "email", "Maple Grove Elementary"],
  ["Chen Wei", "", "(202) 555-0181", "Chinese", "sms", "Harbor View High School"],
  ["Rose Michel", "rose.michel@example.org", "", "Creole", "email", "Riverside Middle School"],
  ["Faadumo Ali", "", "(202) 555-0182", "so", "sms", "Riverside Middle School"],
];

export async function launchDemo() {
  return Actor.provide({ type: "system" }, async () => {
    const csv = ["Name,Email,Phone,Language,Preferred channel,School", ...FAMILIES.map((f) => f.map((v) => (v.includes(",") ? `"${v}"` : v)).join(","))].join("\n");
    await Contact.importContacts({ orgId: DEMO_ORG, file: new TextEncoder().encode(csv) });
    const launched = await Distribution.launch({ orgId: DEMO_ORG, surveyId: DEMO_SURVEY, channels: ["email", "sms"] });
    return { invited: launched.counts.enqueued, requeued: 0 };
  });
}
