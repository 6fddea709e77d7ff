// Messages to families, in Portuguese ("você").
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: queremos ouvir a sua opinião",
  "email.invitation.intro": "{org} convida você a responder a uma pesquisa curta. Leva só alguns minutos.",
  "email.reminder.subject": "Lembrete: {title}",
  "email.reminder.intro": "{org} ainda gostaria de ouvir a sua opinião. Se você já respondeu, obrigado, e por favor ignore esta mensagem.",
  "email.action": "Responder à pesquisa",
  "email.link_help": "Se o botão não funcionar, copie este link no seu navegador:",
  "email.closes": "A pesquisa fecha em {date}.",
  "email.anonymous": "Suas respostas são anônimas.",
  "email.confidential": "Suas respostas são confidenciais.",
  "email.footer": "Você recebe este e-mail porque {org} tem os seus dados de contato.",
  "email.unsubscribe": "Cancelar e-mails de pesquisas",
  "sms.invitation": "{org}: responda a nossa pesquisa curta \"{title}\": {link}",
  "sms.reminder": "Lembrete de {org}: responda \"{title}\": {link}",
  "sms.opt_out": "Responda STOP para cancelar.",
  "sms.help": "Pesquisas para famílias de {org}. Podem ser cobradas tarifas de mensagens e dados. Responda STOP para cancelar.",
  "sms.stopped": "Você não receberá mais mensagens de {org}. Responda START para voltar a recebê-las.",
  "sms.started": "Você voltará a receber mensagens de {org}. Responda STOP para cancelar.",
  "unsubscribe.title": "Parar de receber e-mails de pesquisas de {org}?",
  "unsubscribe.body": "Você não receberá mais e-mails de pesquisas de {org} neste endereço.",
  "unsubscribe.action": "Cancelar inscrição",
  "unsubscribe.done.title": "Sua inscrição foi cancelada",
  "unsubscribe.done.body": "{org} não enviará mais e-mails de pesquisas para este endereço.",
  "unsubscribe.invalid.title": "Este link não funciona",
  "unsubscribe.invalid.body": "O link pode estar incompleto. Abra-o novamente a partir do e-mail que você recebeu.",
} satisfies MessagesCatalogue;
