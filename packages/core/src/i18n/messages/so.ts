// Messages to families, in Somali.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: fadlan noo sheeg fikradaada",
  "email.invitation.intro": "{org} waxay kugu martiqaadaysaa inaad ka jawaabto sahan gaaban. Waxay qaadanaysaa dhowr daqiiqo oo keliya.",
  "email.reminder.subject": "Xusuusin: {title}",
  "email.reminder.intro": "{org} weli waxay jeceshahay inay fikradaada maqasho. Haddii aad horay uga jawaabtay, mahadsanid, fadlan iska dhaaf fariintan.",
  "email.action": "Ka jawaab sahanka",
  "email.link_help": "Haddii badhanku uusan shaqayn, koobiyee xiriirkan oo geli biraawsarkaaga:",
  "email.closes": "Sahanku wuxuu xirmayaa {date}.",
  "email.anonymous": "Jawaabahaagu waa qarsoodi oo magacaaga laguma xiro.",
  "email.confidential": "Jawaabahaagu waa sir.",
  "email.footer": "Waxaad heshay iimaylkan sababtoo ah {org} waxay haysaa xogtaada xiriirka.",
  "email.unsubscribe": "Jooji iimaylada sahanka",
  "sms.invitation": "{org}: fadlan ka jawaab sahankayaga gaaban \"{title}\": {link}",
  "sms.reminder": "Xusuusin {org}: fadlan ka jawaab \"{title}\": {link}",
  "sms.opt_out": "U jawaab STOP si aad u joojiso.",
  "sms.help": "Sahanka qoysaska ee {org}. Khidmadda fariimaha iyo xogta ayaa laga yaabaa inay khusayso. U jawaab STOP si aad u joojiso.",
  "sms.stopped": "Fariimo kale kama heli doontid {org}. U jawaab START si aad mar kale u hesho.",
  "sms.started": "Mar kale ayaad fariimaha {org} heli doontaa. U jawaab STOP si aad u joojiso.",
  "unsubscribe.title": "Ma joojinaysaa iimaylada sahanka ee {org}?",
  "unsubscribe.body": "Mar dambe kama heli doontid iimaylada sahanka ee {org} cinwaankan.",
  "unsubscribe.action": "Iska jooji",
  "unsubscribe.done.title": "Waad iska joojisay",
  "unsubscribe.done.body": "{org} mar dambe uma soo diri doonto iimaylo sahan cinwaankan.",
  "unsubscribe.invalid.title": "Xiriirkan ma shaqaynayo",
  "unsubscribe.invalid.body": "Xiriirku waxaa laga yaabaa inuu dhiman yahay. Fadlan mar kale ka fur iimaylkii aad heshay.",
} satisfies MessagesCatalogue;
