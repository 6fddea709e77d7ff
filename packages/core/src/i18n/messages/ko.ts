// Messages to families, in Korean.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: 여러분의 의견을 듣고 싶습니다",
  "email.invitation.intro": "{org}에서 짧은 설문에 참여해 주시기를 요청합니다. 몇 분이면 됩니다.",
  "email.reminder.subject": "알림: {title}",
  "email.reminder.intro": "{org}에서 아직 의견을 기다리고 있습니다. 이미 응답하셨다면 감사드리며, 이 메시지는 무시하셔도 됩니다.",
  "email.action": "설문 응답하기",
  "email.link_help": "버튼이 작동하지 않으면 이 링크를 브라우저에 복사하세요:",
  "email.closes": "설문은 {date}에 마감됩니다.",
  "email.anonymous": "응답은 익명으로 처리됩니다.",
  "email.confidential": "응답은 비밀로 유지됩니다.",
  "email.footer": "{org}에 연락처가 등록되어 있어 이 이메일을 받으셨습니다.",
  "email.unsubscribe": "설문 이메일 수신 거부",
  "sms.invitation": "{org}: 짧은 설문 \"{title}\"에 응답해 주세요: {link}",
  "sms.reminder": "{org} 알림: \"{title}\"에 응답해 주세요: {link}",
  "sms.opt_out": "수신 거부는 STOP으로 회신하세요.",
  "sms.help": "{org} 가족 설문. 메시지 및 데이터 요금이 부과될 수 있습니다. 수신 거부는 STOP으로 회신하세요.",
  "sms.stopped": "{org}의 문자를 더 이상 받지 않습니다. 다시 받으려면 START로 회신하세요.",
  "sms.started": "{org}의 문자를 다시 받습니다. 수신 거부는 STOP으로 회신하세요.",
  "unsubscribe.title": "{org}의 설문 이메일 수신을 중단하시겠습니까?",
  "unsubscribe.body": "이 주소로 {org}의 설문 이메일을 더 이상 받지 않습니다.",
  "unsubscribe.action": "수신 거부",
  "unsubscribe.done.title": "수신 거부되었습니다",
  "unsubscribe.done.body": "{org}은(는) 이 주소로 더 이상 설문 이메일을 보내지 않습니다.",
  "unsubscribe.invalid.title": "이 링크는 작동하지 않습니다",
  "unsubscribe.invalid.body": "링크가 불완전할 수 있습니다. 받으신 이메일에서 다시 열어 주세요.",
} satisfies MessagesCatalogue;
