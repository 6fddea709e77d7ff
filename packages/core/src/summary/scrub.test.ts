// The comment scrubber on what families actually write, in the languages we serve: emails, phones,
// links, street addresses and names from the organisation's contact list are removed; ordinary words,
// small numbers and years stay.
import { describe, expect, it } from "vitest";
import { PLACEHOLDER, scrubber } from "./scrub";

const contacts = ["Maria Garcia", "Rosa López", "Jean Dupont", "Nguyễn Văn An", "王小明", "김민준", "Amina Farah", "Олена Коваль", "Le Thi Hoa"];
const scrub = scrubber(contacts);
const clean = (text: string) => scrub(text).text;

describe("scrubbing comments", () => {
  it.each([
    ["en", "Call me at (555) 010-2233 or write to maria.g@example.org. We live at 123 Maple Street, Apt 4B.", ["phone", "email", "address"]],
    ["en", "Ms. Garcia and maria garcia both helped, see https://riverside-arts.example.org/programs?id=5", ["name", "url"]],
    ["es", "Mi teléfono es +52 55 1234 5678 y vivo en Calle Mayor 5. La maestra Rosa López es excelente.", ["phone", "address", "name"]],
    ["es", "Escríbame a rosa.lopez@correo.mx o visite www.ejemplo.com, Av. Reforma #222", ["email", "url", "address"]],
    ["fr", "Nous habitons au 12 rue de la Paix. Écrivez à Jean Dupont : jean.dupont@exemple.fr", ["address", "name", "email"]],
    ["pt", "Moro na Rua Augusta, 100. Meu WhatsApp: (11) 98765-4321.", ["address", "phone"]],
    ["vi", "Nhà tôi ở 123 đường Lê Lợi, số điện thoại 090 123 4567. Cô Nguyễn Văn An rất tốt.", ["address", "phone", "name"]],
    ["ar", "عنواننا شارع الملك فهد 12 ورقم الهاتف ٠٥٠١٢٣٤٥٦٧", ["address", "phone"]],
    ["fa", "خیابان ولیعصر پلاک ۱۲ — تلفن ۰۹۱۲۳۴۵۶۷۸۹", ["address", "phone"]],
    ["zh-Hans", "我家在中山路123号，电话13812345678。王小明老师很好。", ["address", "phone", "name"]],
    ["zh-Hant", "我們住在南京東路五段8號，電話０９１２３４５６７８。", ["address", "phone"]],
    ["ko", "세종대로 110에 살아요. 연락처 010-1234-5678, 김민준 선생님 감사합니다", ["address", "phone", "name"]],
    ["ru", "Живём на ул. Ленина, д. 5, телефон +7 912 345-67-89", ["address", "phone"]],
    ["uk", "вул. Шевченка 10, пишіть Олені Коваль на olena@example.com.ua", ["address", "email", "name"]],
    ["ht", "Nou rete Ri Kapwa 15, rele m nan 509 3456 7890", ["address", "phone"]],
    ["so", "Waxaan degnaa Wadada Makka 7, tel 0612345678, Amina Farah", ["address", "phone", "name"]],
    ["tl", "Nakatira kami sa 45 Rizal St., Quezon City. P.O. Box 1234", ["address"]],
  ])("%s: %s", (_lang, text, kinds) => {
    const out = scrub(text);
    expect(out.removed.sort()).toEqual([...kinds].sort());
    expect(out.text).toContain(PLACEHOLDER);
    // Nothing identifying is left: no run of digits longer than a house number, no @, no link.
    expect(out.text).not.toMatch(/@|https?:|www\./);
    expect(out.text.replace(/\p{Nd}/gu, "9")).not.toMatch(/9{5,}/);
  });

  it("removes exactly the identifying parts", () => {
    expect(clean("Call me at (555) 010-2233 please")).toBe(`Call me at ${PLACEHOLDER} please`);
    expect(clean("We live at 123 Maple Street, thanks")).toBe(`We live at ${PLACEHOLDER}, thanks`);
    expect(clean("Ms. Garcia helped a lot")).toBe(`Ms. ${PLACEHOLDER} helped a lot`);
    expect(clean("我家在中山路123号。")).toBe(`我家在${PLACEHOLDER}。`);
    expect(clean("Thanks to MARIA GARCÍA!")).toBe(`Thanks to ${PLACEHOLDER}!`);
  });

  it.each([
    "My 2 children love the arts programme.",
    "We came 3 times in 2025 and 4 times in 2026.",
    "El programa es excelente. La tutora es paciente.",
    "Le programme est super ! Les enfants adorent.",
    "Grade 5 is hard, e.g. fractions.",
    "Las clases empiezan a las 4 y terminan a las 6.",
    "Con tôi học lớp 5 và rất thích.",
    "شكرا جزيلا على البرنامج",
    "Спасибо большое за программу!",
    "第3周的课很好。",
    "Mi hija ahora hace la tarea con más confianza.",
    "The tutors are patient and my son looks forward to it.",
  ])("leaves ordinary text alone: %s", (text) => {
    expect(scrub(text)).toEqual({ text, removed: [] });
  });

  it("matches contact names only as names: capitalised words or whole names, never parts of other words", () => {
    const s = scrubber(["Grace Hope", "Ana Li"]);
    expect(s("We hope the grace period is long").removed).toEqual([]);
    expect(s("Grace helped us").text).toBe(`${PLACEHOLDER} helped us`);
    expect(s("ana li came").text).toBe(`${PLACEHOLDER} came`);
    // A two-letter surname alone is too common a word to remove ("Li" could be anything); the whole name is.
    expect(s("Li said yes").removed).toEqual([]);
    expect(s("Banana bread").removed).toEqual([]);
  });
});
