// Messages to families, in French ("vous"; text messages keep plain spaces and quotes, which fit the GSM alphabet).
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title} : votre avis nous intéresse",
  "email.invitation.intro": "{org} vous invite à répondre à un court questionnaire. Cela ne prend que quelques minutes.",
  "email.reminder.subject": "Rappel : {title}",
  "email.reminder.intro": "{org} aimerait toujours connaître votre avis. Si vous avez déjà répondu, merci, et ne tenez pas compte de ce message.",
  "email.action": "Répondre au questionnaire",
  "email.link_help": "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur :",
  "email.closes": "Le questionnaire ferme le {date}.",
  "email.anonymous": "Vos réponses sont anonymes.",
  "email.confidential": "Vos réponses sont confidentielles.",
  "email.footer": "Vous recevez ce courriel parce que {org} dispose de vos coordonnées.",
  "email.unsubscribe": "Se désabonner des courriels de questionnaires",
  "sms.invitation": "{org} : merci de répondre à notre court questionnaire \"{title}\" : {link}",
  "sms.reminder": "Rappel de {org} : merci de répondre à \"{title}\" : {link}",
  "sms.opt_out": "Répondez STOP pour vous désabonner.",
  "sms.help": "Questionnaires aux familles de {org}. Des frais de messages et de données peuvent s'appliquer. Répondez STOP pour vous désabonner.",
  "sms.stopped": "Vous ne recevrez plus de SMS de {org}. Répondez START pour les recevoir à nouveau.",
  "sms.started": "Vous recevrez à nouveau les SMS de {org}. Répondez STOP pour vous désabonner.",
  "unsubscribe.title": "Ne plus recevoir les courriels de questionnaires de {org} ?",
  "unsubscribe.body": "Vous ne recevrez plus de courriels de questionnaires de {org} à cette adresse.",
  "unsubscribe.action": "Se désabonner",
  "unsubscribe.done.title": "Vous êtes désabonné",
  "unsubscribe.done.body": "{org} n’enverra plus de courriels de questionnaires à cette adresse.",
  "unsubscribe.invalid.title": "Ce lien ne fonctionne pas",
  "unsubscribe.invalid.body": "Le lien est peut-être incomplet. Ouvrez-le à nouveau depuis le courriel reçu.",
} satisfies MessagesCatalogue;
