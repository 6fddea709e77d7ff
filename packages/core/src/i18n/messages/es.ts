// Messages to families, in Spanish (Latin American usage, "usted").
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: queremos conocer su opinión",
  "email.invitation.intro": "{org} le invita a responder una breve encuesta. Solo toma unos minutos.",
  "email.reminder.subject": "Recordatorio: {title}",
  "email.reminder.intro": "{org} todavía quiere conocer su opinión. Si ya respondió, gracias; puede ignorar este mensaje.",
  "email.action": "Responder la encuesta",
  "email.link_help": "Si el botón no funciona, copie este enlace en su navegador:",
  "email.closes": "La encuesta cierra el {date}.",
  "email.anonymous": "Sus respuestas son anónimas.",
  "email.confidential": "Sus respuestas son confidenciales.",
  "email.footer": "Recibe este correo porque {org} tiene sus datos de contacto.",
  "email.unsubscribe": "Dejar de recibir correos de encuestas",
  "sms.invitation": "{org}: responda nuestra breve encuesta \"{title}\": {link}",
  "sms.reminder": "{org} le recuerda: responda \"{title}\": {link}",
  "sms.opt_out": "Responda STOP para cancelar.",
  "sms.help": "Encuestas para familias de {org}. Pueden aplicarse tarifas de mensajes y datos. Responda STOP para cancelar.",
  "sms.stopped": "Ya no recibirá mensajes de {org}. Responda START para volver a recibirlos.",
  "sms.started": "Volverá a recibir mensajes de {org}. Responda STOP para cancelar.",
  "unsubscribe.title": "¿Dejar de recibir correos de encuestas de {org}?",
  "unsubscribe.body": "Ya no recibirá correos de encuestas de {org} en esta dirección.",
  "unsubscribe.action": "Cancelar suscripción",
  "unsubscribe.done.title": "Su suscripción fue cancelada",
  "unsubscribe.done.body": "{org} no volverá a enviar correos de encuestas a esta dirección.",
  "unsubscribe.invalid.title": "Este enlace no funciona",
  "unsubscribe.invalid.body": "Es posible que el enlace esté incompleto. Ábralo de nuevo desde el correo que recibió.",
} satisfies MessagesCatalogue;
