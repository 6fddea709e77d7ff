// Messages to families, in Vietnamese.
import type { MessagesCatalogue } from "./types";

export default {
  "email.invitation.subject": "{title}: chúng tôi mong nhận được ý kiến của bạn",
  "email.invitation.intro": "{org} mời bạn trả lời một khảo sát ngắn. Chỉ mất vài phút.",
  "email.reminder.subject": "Nhắc nhở: {title}",
  "email.reminder.intro": "{org} vẫn mong nhận được ý kiến của bạn. Nếu bạn đã trả lời, xin cảm ơn và vui lòng bỏ qua tin nhắn này.",
  "email.action": "Trả lời khảo sát",
  "email.link_help": "Nếu nút không hoạt động, hãy sao chép liên kết này vào trình duyệt:",
  "email.closes": "Khảo sát sẽ đóng vào {date}.",
  "email.anonymous": "Câu trả lời của bạn là ẩn danh.",
  "email.confidential": "Câu trả lời của bạn được bảo mật.",
  "email.footer": "Bạn nhận được email này vì {org} có thông tin liên lạc của bạn.",
  "email.unsubscribe": "Hủy đăng ký email khảo sát",
  "sms.invitation": "{org}: mời bạn trả lời khảo sát ngắn \"{title}\": {link}",
  "sms.reminder": "{org} nhắc bạn trả lời \"{title}\": {link}",
  "sms.opt_out": "Trả lời STOP để hủy đăng ký.",
  "sms.help": "Khảo sát gia đình của {org}. Có thể tính phí tin nhắn và dữ liệu. Trả lời STOP để hủy đăng ký.",
  "sms.stopped": "Bạn sẽ không nhận thêm tin nhắn từ {org}. Trả lời START để nhận lại.",
  "sms.started": "Bạn sẽ nhận lại tin nhắn từ {org}. Trả lời STOP để hủy đăng ký.",
  "unsubscribe.title": "Ngừng nhận email khảo sát từ {org}?",
  "unsubscribe.body": "Bạn sẽ không còn nhận email khảo sát từ {org} tại địa chỉ này.",
  "unsubscribe.action": "Hủy đăng ký",
  "unsubscribe.done.title": "Bạn đã hủy đăng ký",
  "unsubscribe.done.body": "{org} sẽ không gửi email khảo sát đến địa chỉ này nữa.",
  "unsubscribe.invalid.title": "Liên kết này không hoạt động",
  "unsubscribe.invalid.body": "Liên kết có thể bị thiếu. Vui lòng mở lại từ email bạn đã nhận.",
} satisfies MessagesCatalogue;
