// Messages to families, in Tagalog.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: nais naming marinig ang inyong opinyon",
  "email.invitation.intro": "Iniimbitahan kayo ng {org} na sagutin ang isang maikling survey. Ilang minuto lang ito.",
  "email.reminder.subject": "Paalala: {title}",
  "email.reminder.intro": "Nais pa ring marinig ng {org} ang inyong opinyon. Kung nakasagot na kayo, salamat, at huwag nang pansinin ang mensaheng ito.",
  "email.action": "Sagutin ang survey",
  "email.link_help": "Kung hindi gumagana ang button, kopyahin ang link na ito sa inyong browser:",
  "email.closes": "Magsasara ang survey sa {date}.",
  "email.anonymous": "Anonimo ang inyong mga sagot.",
  "email.confidential": "Kumpidensyal ang inyong mga sagot.",
  "email.footer": "Natanggap ninyo ang email na ito dahil may contact details ninyo ang {org}.",
  "email.unsubscribe": "Huwag nang tumanggap ng mga email ng survey",
  "sms.invitation": "{org}: pakisagot ang aming maikling survey \"{title}\": {link}",
  "sms.reminder": "Paalala mula sa {org}: pakisagot ang \"{title}\": {link}",
  "sms.opt_out": "Mag-reply ng STOP para huminto.",
  "sms.help": "Mga survey para sa pamilya ng {org}. Maaaring may singil sa mensahe at data. Mag-reply ng STOP para huminto.",
  "sms.stopped": "Hindi na kayo makakatanggap ng text mula sa {org}. Mag-reply ng START para muling tumanggap.",
  "sms.started": "Muli kayong makakatanggap ng text mula sa {org}. Mag-reply ng STOP para huminto.",
  "unsubscribe.title": "Ihinto ang mga email ng survey mula sa {org}?",
  "unsubscribe.body": "Hindi na kayo makakatanggap ng mga email ng survey mula sa {org} sa address na ito.",
  "unsubscribe.action": "Mag-unsubscribe",
  "unsubscribe.done.title": "Naka-unsubscribe na kayo",
  "unsubscribe.done.body": "Hindi na magpapadala ang {org} ng mga email ng survey sa address na ito.",
  "unsubscribe.invalid.title": "Hindi gumagana ang link na ito",
  "unsubscribe.invalid.body": "Maaaring kulang ang link. Pakibuksan itong muli mula sa email na natanggap ninyo.",
} satisfies MessagesCatalogue;
