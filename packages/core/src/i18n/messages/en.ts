// Messages to families (invitation and reminder emails and texts, SMS keyword replies, the
// unsubscribe page), in English: the reference catalogue. Every other locale implements exactly
// these keys (the type checker enforces it). ICU MessageFormat; the values are plain text, escaped
// on output. STOP and START stay in English in every language: carriers and AWS recognise them,
// and families are told the same word whatever the language of the message.
export default {
  "email.invitation.subject": "{title}: we would like to hear from you",
  "email.invitation.intro": "{org} invites you to answer a short survey. It takes only a few minutes.",
  "email.reminder.subject": "Reminder: {title}",
  "email.reminder.intro": "{org} would still like to hear from you. If you have already answered, thank you, and please ignore this message.",
  "email.action": "Answer the survey",
  "email.link_help": "If the button does not work, copy this link into your browser:",
  "email.closes": "The survey closes on {date}.",
  "email.anonymous": "Your answers are anonymous.",
  "email.confidential": "Your answers are confidential.",
  "email.footer": "You are receiving this email because {org} has your contact details.",
  "email.unsubscribe": "Unsubscribe from survey emails",
  "sms.invitation": "{org}: please answer our short survey \"{title}\": {link}",
  "sms.reminder": "{org} reminder: please answer \"{title}\": {link}",
  "sms.opt_out": "Reply STOP to opt out.",
  "sms.help": "{org} family surveys. Msg & data rates may apply. Reply STOP to opt out.",
  "sms.stopped": "You will not get more texts from {org}. Reply START to get them again.",
  "sms.started": "You will get texts from {org} again. Reply STOP to opt out.",
  "unsubscribe.title": "Stop survey emails from {org}?",
  "unsubscribe.body": "You will no longer receive survey emails from {org} at this address.",
  "unsubscribe.action": "Unsubscribe",
  "unsubscribe.done.title": "You are unsubscribed",
  "unsubscribe.done.body": "{org} will not send survey emails to this address again.",
  "unsubscribe.invalid.title": "This link does not work",
  "unsubscribe.invalid.body": "The link may be incomplete. Please open it again from the email you received.",
} as const;
