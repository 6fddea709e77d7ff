// Messages to families, in Traditional Chinese.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}：我們希望聽到您的意見",
  "email.invitation.intro": "{org}邀請您填寫一份簡短的調查，只需幾分鐘。",
  "email.reminder.subject": "提醒：{title}",
  "email.reminder.intro": "{org}仍希望聽到您的意見。如果您已經填寫，謝謝您，請忽略此訊息。",
  "email.action": "填寫調查",
  "email.link_help": "如果按鈕無法使用，請將此連結複製到瀏覽器中：",
  "email.closes": "調查將於{date}結束。",
  "email.anonymous": "您的回答是匿名的。",
  "email.confidential": "您的回答將被保密。",
  "email.footer": "您收到此郵件是因為{org}有您的聯絡資料。",
  "email.unsubscribe": "取消訂閱調查郵件",
  "sms.invitation": "{org}：請填寫我們的簡短調查「{title}」：{link}",
  "sms.reminder": "{org}提醒：請填寫「{title}」：{link}",
  "sms.opt_out": "回覆STOP取消訂閱。",
  "sms.help": "{org}家庭調查。可能產生簡訊及數據費用。回覆STOP取消訂閱。",
  "sms.stopped": "您將不再收到{org}的簡訊。回覆START可重新接收。",
  "sms.started": "您將重新收到{org}的簡訊。回覆STOP取消訂閱。",
  "unsubscribe.title": "停止接收{org}的調查郵件？",
  "unsubscribe.body": "此信箱將不再收到{org}的調查郵件。",
  "unsubscribe.action": "取消訂閱",
  "unsubscribe.done.title": "您已取消訂閱",
  "unsubscribe.done.body": "{org}不會再向此信箱傳送調查郵件。",
  "unsubscribe.invalid.title": "此連結無效",
  "unsubscribe.invalid.body": "連結可能不完整。請從您收到的郵件中重新開啟。",
} satisfies MessagesCatalogue;
