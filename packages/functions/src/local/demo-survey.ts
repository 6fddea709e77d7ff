// The demo survey the local stack seeds: a realistic family survey for an after-school partnership,
// in English, Spanish, Vietnamese, Arabic (right-to-left), Haitian Creole, Simplified Chinese and
// Somali. Somali is deliberately incomplete (two strings missing) so the fallback to English, marked
// with its own lang attribute, can be seen.
import type { Survey } from "@feedback/core/survey";

type Text = Record<string, string>;
const T = (en: string, es: string, vi: string, ar: string, ht: string, zh: string, so?: string): Text => ({
  en, es, vi, ar, ht, "zh-Hans": zh, ...(so ? { so } : {}),
});

const programmes = [
  { id: "tutoring", text: T("After-school tutoring", "Tutoría después de clases", "Dạy kèm sau giờ học", "دروس تقوية بعد المدرسة", "Leson apre lekòl", "课后辅导", "Casharro gaar ah kadib dugsiga") },
  { id: "arts", text: T("Arts and music", "Arte y música", "Nghệ thuật và âm nhạc", "الفنون والموسيقى", "Atizay ak mizik", "艺术与音乐", "Farshaxan iyo muusik") },
  { id: "health", text: T("Health services", "Servicios de salud", "Dịch vụ y tế", "الخدمات الصحية", "Sèvis sante", "健康服务", "Adeegyada caafimaadka") },
  { id: "mentoring", text: T("Mentoring", "Mentoría", "Cố vấn", "الإرشاد", "Konsèy ak akonpayman", "导师辅导", "La-talin") },
];

export const demoContent: Survey.Content = {
  defaultLanguage: "en",
  languages: ["en", "es", "vi", "ar", "ht", "zh-Hans", "so"],
  title: T("Family Partnership Survey", "Encuesta de colaboración con las familias", "Khảo sát hợp tác với gia đình", "استبيان الشراكة مع الأسر", "Sondaj sou patenarya ak fanmi yo", "家庭合作调查", "Sahanka iskaashiga qoysaska"),
  intro: T(
    "Tell us how our after-school programmes are working for your family. Your answers are anonymous.",
    "Cuéntenos cómo funcionan nuestros programas después de clases para su familia. Sus respuestas son anónimas.",
    "Hãy cho chúng tôi biết các chương trình sau giờ học phù hợp với gia đình bạn như thế nào. Câu trả lời của bạn là ẩn danh.",
    "أخبرونا كيف تفيد برامجنا بعد المدرسة أسرتكم. إجاباتكم مجهولة الهوية.",
    "Di nou kijan pwogram apre lekòl yo ap mache pou fanmi ou. Repons ou yo anonim.",
    "请告诉我们课后项目对您家庭的帮助。您的回答是匿名的。",
    "Noo sheeg sida barnaamijyadeena kadib dugsiga ay ugu shaqeeyaan qoyskaaga. Jawaabahaagu waa qarsoodi.",
  ),
  questions: [
    { id: "programme", type: "single_choice", page: 1, required: true, options: programmes,
      text: T("Which programme does your child take part in?", "¿En qué programa participa su hijo o hija?", "Con bạn tham gia chương trình nào?", "في أي برنامج يشارك طفلكم؟", "Nan ki pwogram pitit ou a patisipe?", "您的孩子参加哪个项目？", "Barnaamijkee ayuu ilmahaagu ka qaybgalaa?") },
    { id: "satisfaction", type: "likert", page: 1, required: true,
      text: T("How satisfied are you with the programme?", "¿Qué tan satisfecho está con el programa?", "Bạn hài lòng với chương trình ở mức nào?", "ما مدى رضاكم عن البرنامج؟", "Nan ki pwen ou satisfè ak pwogram nan?", "您对该项目的满意程度如何？", "Intee in le ayaad ku qanacsan tahay barnaamijka?"),
      labels: [
        T("Very dissatisfied", "Muy insatisfecho", "Rất không hài lòng", "غير راضٍ إطلاقًا", "Pa satisfè ditou", "非常不满意", "Aad uma qanacsani"),
        T("Dissatisfied", "Insatisfecho", "Không hài lòng", "غير راضٍ", "Pa satisfè", "不满意", "Ma qanacsani"),
        T("Neutral", "Neutral", "Bình thường", "محايد", "Nòmal", "一般", "Dhexdhexaad"),
        T("Satisfied", "Satisfecho", "Hài lòng", "راضٍ", "Satisfè", "满意", "Waan ku qanacsanahay"),
        T("Very satisfied", "Muy satisfecho", "Rất hài lòng", "راضٍ جدًا", "Trè satisfè", "非常满意", "Aad baan ugu qanacsanahay"),
      ] },
    { id: "recommend", type: "rating", page: 1, required: false,
      text: T("How likely are you to recommend the programme to another family?", "¿Qué tan probable es que recomiende el programa a otra familia?", "Bạn có muốn giới thiệu chương trình cho gia đình khác không?", "ما مدى احتمال أن توصوا بالبرنامج لأسرة أخرى؟", "Èske ou ta rekòmande pwogram nan bay yon lòt fanmi?", "您向其他家庭推荐该项目的可能性有多大？"),
      lowLabel: T("Not at all likely", "Nada probable", "Hoàn toàn không", "غير محتمل إطلاقًا", "Pa ditou", "完全不可能", "Gabi ahaanba maya"),
      highLabel: T("Extremely likely", "Muy probable", "Chắc chắn có", "محتمل جدًا", "Anpil", "极有可能", "Aad bay u dhici kartaa") },
    { id: "helped", type: "multiple_choice", page: 2, required: false,
      text: T("How has the programme helped your child? Choose all that apply.", "¿Cómo ha ayudado el programa a su hijo o hija? Elija todas las que correspondan.", "Chương trình đã giúp con bạn như thế nào? Chọn tất cả các ý phù hợp.", "كيف ساعد البرنامج طفلكم؟ اختاروا كل ما ينطبق.", "Kijan pwogram nan ede pitit ou? Chwazi tout sa ki aplike.", "该项目对您的孩子有哪些帮助？可多选。", "Sidee buu barnaamijku u caawiyay ilmahaaga? Dooro dhammaan kuwa khuseeya."),
      options: [
        { id: "homework", text: T("Homework", "Tareas", "Bài tập về nhà", "الواجبات المنزلية", "Devwa", "家庭作业", "Shaqada guriga") },
        { id: "confidence", text: T("Confidence", "Confianza", "Sự tự tin", "الثقة بالنفس", "Konfyans", "自信心", "Kalsoonida") },
        { id: "attendance", text: T("School attendance", "Asistencia a la escuela", "Đi học đều đặn", "الحضور المدرسي", "Prezans lekòl", "出勤", "Imaanshaha dugsiga") },
        { id: "friends", text: T("Friendships", "Amistades", "Bạn bè", "الصداقات", "Amitye", "友谊", "Saaxiibtinimo") },
      ] },
    { id: "barrier", type: "single_choice", page: 2, required: true,
      text: T("Did anything make it hard to take part?", "¿Algo le dificultó participar?", "Có điều gì khiến việc tham gia trở nên khó khăn không?", "هل صعّب عليكم شيء المشاركة؟", "Èske gen yon bagay ki te fè li difisil pou patisipe?", "有什么困难影响参与吗？", "Ma jirtay wax adkeeyay ka qaybgalka?"),
      options: [
        { id: "none", text: T("No, nothing", "No, nada", "Không có gì", "لا، لا شيء", "Non, anyen", "没有", "Maya, waxba") },
        { id: "transport", text: T("Transport", "Transporte", "Phương tiện đi lại", "المواصلات", "Transpò", "交通", "Gaadiid") },
        { id: "schedule", text: T("The schedule", "El horario", "Lịch học", "المواعيد", "Orè a", "时间安排", "Jadwalka") },
        { id: "language", text: T("Language", "El idioma", "Ngôn ngữ", "اللغة", "Lang", "语言", "Luqadda") },
      ] },
    { id: "barrier_detail", type: "short_text", page: 2, required: false, maxLength: 200,
      showIf: { questionId: "barrier", op: "not_equals", value: "none" },
      text: T("What would make it easier?", "¿Qué lo haría más fácil?", "Điều gì sẽ giúp việc này dễ dàng hơn?", "ما الذي يجعل الأمر أسهل؟", "Kisa ki ta rann li pi fasil?", "怎样会更方便？") },
    { id: "children", type: "number", page: 2, required: false, min: 1, max: 12, integer: true,
      text: T("How many of your children take part?", "¿Cuántos de sus hijos participan?", "Có bao nhiêu con của bạn tham gia?", "كم عدد أطفالكم المشاركين؟", "Konbyen nan pitit ou yo ki patisipe?", "您有几个孩子参加？", "Imisa carruurtaada ka mid ah ayaa ka qaybgala?") },
    { id: "comments", type: "long_text", page: 2, required: false, maxLength: 1000,
      text: T("Is there anything else you would like to tell us?", "¿Hay algo más que quiera decirnos?", "Bạn có muốn chia sẻ thêm điều gì không?", "هل هناك أي شيء آخر تودون إخبارنا به؟", "Èske gen lòt bagay ou ta renmen di nou?", "您还有其他想告诉我们的吗？", "Ma jiraa wax kale oo aad rabto inaad noo sheegto?") },
  ],
};
