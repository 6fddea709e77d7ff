// Messages to families, in Haitian Creole.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: nou ta renmen tande opinyon ou",
  "email.invitation.intro": "{org} envite ou reponn yon ti sondaj. Li pran sèlman kèk minit.",
  "email.reminder.subject": "Rapèl: {title}",
  "email.reminder.intro": "{org} toujou ta renmen tande opinyon ou. Si ou deja reponn, mèsi, epi pa okipe mesaj sa a.",
  "email.action": "Reponn sondaj la",
  "email.link_help": "Si bouton an pa mache, kopye lyen sa a nan navigatè ou:",
  "email.closes": "Sondaj la ap fèmen {date}.",
  "email.anonymous": "Repons ou yo anonim.",
  "email.confidential": "Repons ou yo konfidansyèl.",
  "email.footer": "Ou resevwa imèl sa a paske {org} gen enfòmasyon pou kontakte ou.",
  "email.unsubscribe": "Sispann resevwa imèl sondaj",
  "sms.invitation": "{org}: tanpri reponn ti sondaj nou an \"{title}\": {link}",
  "sms.reminder": "Rapèl {org}: tanpri reponn \"{title}\": {link}",
  "sms.opt_out": "Reponn STOP pou sispann.",
  "sms.help": "Sondaj pou fanmi {org}. Frè mesaj ak done ka aplike. Reponn STOP pou sispann.",
  "sms.stopped": "Ou p ap resevwa lòt mesaj {org} ankò. Reponn START pou resevwa yo ankò.",
  "sms.started": "W ap resevwa mesaj {org} ankò. Reponn STOP pou sispann.",
  "unsubscribe.title": "Sispann resevwa imèl sondaj {org}?",
  "unsubscribe.body": "Ou p ap resevwa imèl sondaj {org} nan adrès sa a ankò.",
  "unsubscribe.action": "Dezabòne",
  "unsubscribe.done.title": "Ou dezabòne",
  "unsubscribe.done.body": "{org} p ap voye imèl sondaj nan adrès sa a ankò.",
  "unsubscribe.invalid.title": "Lyen sa a pa mache",
  "unsubscribe.invalid.body": "Lyen an ka pa konplè. Tanpri louvri l ankò nan imèl ou te resevwa a.",
} satisfies MessagesCatalogue;
