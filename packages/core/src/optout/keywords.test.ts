// SMS keywords in the supported languages: the first word decides, ignoring case, accents and
// punctuation; anything else is not a keyword.
import { expect, it } from "vitest";
import { match } from "./keywords";

it.each([
  ["STOP", "stop", "en"], ["stop", "stop", "en"], ["Stop!", "stop", "en"], ["stop please", "stop", "en"], ["UNSUBSCRIBE", "stop", "en"], ["opt-out", "stop", "en"],
  ["PARAR", "stop", "es"], ["Alto", "stop", "es"], ["ARRÊT", "stop", "fr"], ["arret", "stop", "fr"], ["SAIR", "stop", "pt"], ["Sispann", "stop", "ht"],
  ["DỪNG", "stop", "vi"], ["dung", "stop", "vi"], ["Hủy", "stop", "vi"], ["JOOJI", "stop", "so"], ["TIGIL", "stop", "tl"], ["СТОП", "stop", "ru"],
  ["توقف", "stop", "ar"], ["لغو", "stop", "fa"], ["停止", "stop", "zh-Hans"], ["退訂", "stop", "zh-Hant"], ["중지", "stop", "ko"],
  ["START", "start", "en"], ["unstop", "start", "en"], ["INICIAR", "start", "es"], ["开始", "start", "zh-Hans"], ["시작", "start", "ko"],
  ["HELP", "help", "en"], ["info", "help", "en"], ["AYUDA", "help", "es"], ["Aide", "help", "fr"], ["AJUDA", "help", "pt"], ["GIÚP", "help", "vi"], ["帮助", "help", "zh-Hans"], ["مساعدة", "help", "ar"],
])("%j is %s (%s)", (text, keyword, locale) => {
  expect(match(text)).toEqual({ keyword, locale });
});

it.each(["", "  ", "Thank you!", "Is the survey anonymous?", "stopped by the school today", "5", "Yes"])("%j is not a keyword", (text) => {
  expect(match(text)).toBeUndefined();
});
