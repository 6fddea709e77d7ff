// Messages to families, in Simplified Chinese.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}：我们希望听到您的意见",
  "email.invitation.intro": "{org}邀请您填写一份简短的调查，只需几分钟。",
  "email.reminder.subject": "提醒：{title}",
  "email.reminder.intro": "{org}仍希望听到您的意见。如果您已经填写，谢谢您，请忽略此消息。",
  "email.action": "填写调查",
  "email.link_help": "如果按钮无法使用，请将此链接复制到浏览器中：",
  "email.closes": "调查将于{date}结束。",
  "email.anonymous": "您的回答是匿名的。",
  "email.confidential": "您的回答将被保密。",
  "email.footer": "您收到此邮件是因为{org}有您的联系方式。",
  "email.unsubscribe": "退订调查邮件",
  "sms.invitation": "{org}：请填写我们的简短调查“{title}”：{link}",
  "sms.reminder": "{org}提醒：请填写“{title}”：{link}",
  "sms.opt_out": "回复STOP退订。",
  "sms.help": "{org}家庭调查。可能产生短信和流量费用。回复STOP退订。",
  "sms.stopped": "您将不再收到{org}的短信。回复START可重新接收。",
  "sms.started": "您将重新收到{org}的短信。回复STOP退订。",
  "unsubscribe.title": "停止接收{org}的调查邮件？",
  "unsubscribe.body": "此邮箱将不再收到{org}的调查邮件。",
  "unsubscribe.action": "退订",
  "unsubscribe.done.title": "您已退订",
  "unsubscribe.done.body": "{org}不会再向此邮箱发送调查邮件。",
  "unsubscribe.invalid.title": "此链接无效",
  "unsubscribe.invalid.body": "链接可能不完整。请从您收到的邮件中重新打开。",
} satisfies MessagesCatalogue;
