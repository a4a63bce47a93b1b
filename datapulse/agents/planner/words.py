"""Function words of each language: the words a question may hold that name nothing in
the data. Every other word must become part of the plan (SPEC 5, coverage), so these
lists are the planner's whole tolerance for words it does not use."""

from __future__ import annotations

# fmt: off
EN = frozenset("""
vary varies varied considered linked rating ratings
a an the this that these those there here it its it's they them their we us our you your i me my
is are was were be been being am do does did done have has had having will would can could shall should may
might must get gets got give gives tell show shows showing list display find compute calculate return report
what what's whats which who whom whose when where why how much many please thanks thank kindly
of in on at to for from by with within about as into onto than then so also too very just
up out off all any some each every both either neither overall altogether together total there's
and or not no nor but if whether
data dataset datasets table tables set sheet file frame df record records row rows entry entries observation
observations item items case cases sample samples instance instances point points line lines value values
number numbers amount figure figures result results count counts
across among along per respectively grouped group groups broken down split
let let's lets see look looking know want need like would i'd i'm
one ones s t ve re ll d
now instead again same those them then still only
listed recorded given appear appears occur occurs exist exists contained included present
whole entire
actually really break breakdown
""".split())

DE = frozenset("""
streut streuen schwankt schwanken gemessen gemessene gemessenen gemessener
der die das den dem des ein eine einer eines einem einen kein keine keiner keinen
ist sind war waren wird werden wurde wurden sei hat haben hatte hatten gibt gab es sie er wir ihr ich mir mich uns
man dies diese dieser dieses diesem diesen jene
was wer wie wo wann warum welche welcher welches welchem welchen wieviel wieviele viel viele
im in am an auf aus bei beim mit von vom zu zum zur für über unter um durch gegen ohne
und oder aber auch noch nur sowie bzw sowohl als
alle allen aller alles jeweils insgesamt gesamt zusammen jede jeder jedes jeden jedem
bitte zeige zeig zeigen gib gebe nenne nenn liste berechne berechnen ermittle bestimme sag sage
daten datensatz datensätze datensatzes tabelle zeile zeilen eintrag einträge einträgen beobachtung beobachtungen
wert werte werten zahl zahlen anzahl
lag lagen liegt liegen betrug betrugen beträgt betragen gab
da dort hier denn dann so jetzt nun stattdessen wieder davon darunter dabei diesen denen ebenfalls
wenn falls sofern wobei
ganze ganzen ganzes gesamte gesamten
""".split())

# Chinese has no spaces: these are removed from the text left between mentions,
# longest first; any character left over is a word the plan did not use.
ZH = tuple(sorted(set("""
的 是 有 多少 几 吗 呢 吧 了 请 给 我 我们 你 数据 数据集 表 表格 中 里 里面 上 在 一下 什么 怎么 怎样 如何
哪 那 这 这些 那些 个 只 些 为 和 与 及 或 并 且 对 从 被 把 以 所 其 该 统计 计算 求 显示 列出 查看 看 告诉
共 一共 总共 分别 都 也 还 又 就 大概 条 行 记录 数据点 样本 值 数值 数 各自 出 下 之 得 地 着 过 所有 全部
是否 每 各 按 时 时候 里头 当中 其中 这里 列 多 少 等 们 他 她 它 它们 一 个数 有多少 分别是 是多少 多大
现在 改为 换成 再 其中 它们中 这其中 那 那么 呢 给出 列一下 算 算一下 帮 帮我 看看 查询 查 按照
中的 里的 上的 了吗 呢？ 情况 结果 共有 总共有 一共有
""".split()), key=len, reverse=True))

# Words that carry no constraint of their own: units after a number, verbs that only link
# a subject to a value ("penguins that live on Dream", "flights that went to ATL"), order words.
NEUTRAL = frozenset("""
mm cm km kg g lb lbs m minutes minute min mins hours hour seconds degrees degree percent inches inch miles mile
millimetres millimeters centimetres centimeters grams gram kilograms pounds dollars usd eur euro euros
ft feet foot meters metres fuß fuss meter zoll ern
er minuten stunden sekunden grad prozent millimeter zentimeter gramm kilogramm kilometer meilen
live lives lived living come comes came coming went go goes going flew fly flies flown measured recorded
belong belongs belonged stem stems originate originates originated based located registered
correspond corresponds corresponding reads read gives gave use uses using
verwenden verwendet verwendete verwenden nutzen nutzt benutzen benutzt
leben lebt lebten wohnen kommen kommt kamen kam stammen stammt stammten gingen ging gehen geht fliegen fliegt flogen
gemessen erfasst gezählt gehören gehört sich lang
driven drove gefahren fuhren watch watches watched schauen schaut sehen account accounts accounted
trading produce produced produces erzeugt erzeugten hoch
sold bought earned spent paid reported registered made built scored occurred happened took take takes used
voted
verkauft gekauft verdient ausgegeben bezahlt gemeldet registriert gebaut hergestellt erzielt aufgetreten passiert
counting counted sorted sort sorting order ordered ranked rank ranking descending ascending first zuerst
sortiert sortieren
cover covers covered span spans umfassen umfasst umfassten abdecken deckt
absteigend aufsteigend reihenfolge rangfolge
stehen steht stand standen aufgeführt aufgelistet gelistet verzeichnet enthalten enthält enthielt vorkommen vor
gar überhaupt sitzen sitzt saß saßen befinden befindet befand befanden
travel travels travelled traveled travelling traveling board aboard lay lays laid contain contains contained
content contents level levels gehalt gehalts
run runs ran running läuft laufen lief liefen lautet lauten lautete heißt heißen hieß
""".split())

# Chinese order and linking words, stripped like the function words.
ZH_NEUTRAL = (
    "从高到低", "从低到高", "由高到低", "由低到高", "降序", "升序", "排序", "排列", "来自", "飞往", "前往", "飞到",
    "测量", "记录", "生活", "住在", "以外", "之外", "占", "用", "找", "毫米", "厘米", "公里", "公斤", "千克", "克",
    "分钟", "小时", "秒", "度", "美元", "名单", "清单", "列表", "一览", "含量",
    "英尺", "英寸", "公尺", "米", "岁", "周岁", "年代", "代", "交易日", "交易", "同一时期", "同期", "看",
    "卖出", "售出", "购买", "花费", "支付", "发生", "使用",
    "辆", "家", "朵", "种", "位", "名", "次", "件", "架", "所", "头", "台",
)  # fmt: skip

# Words that describe a column the question also names ("origin airport"): neutral when
# the plan uses a column the phrases resolve to.
ATTACHED: dict[str, tuple[str, ...]] = {
    "airport": ("origin", "dest"), "airports": ("origin", "dest"), "flughafen": ("origin", "dest"),
    "机场": ("origin", "dest"), "company": ("carrier", "airline"), "gesellschaft": ("carrier", "airline"),
    "coefficient": ("*correlation",), "koeffizient": ("*correlation",), "stark": ("*correlation",),
    "strongly": ("*correlation",), "系数": ("*correlation",), "koeffizienten": ("*correlation",),
    "korrelationskoeffizient": ("*correlation",), "korrelationskoeffizienten": ("*correlation",),
    "hängen": ("*correlation",), "hängt": ("*correlation",), "zusammenhang": ("*correlation",),
    "track": ("*correlation",), "tracks": ("*correlation",), "well": ("*correlation",),
    "related": ("*correlation",), "relationship": ("*correlation",), "关系": ("*correlation",),
    "transport": ("protocol", "proto"), "transportprotokoll": ("protocol", "proto"), "传输": ("protocol", "proto"),
    "test": ("*compare",), "tests": ("*compare",), "t-test": ("*compare",), "ttest": ("*compare",),
    "welch": ("*compare",), "welch-test": ("*compare",), "p-value": ("*compare",), "p-wert": ("*compare",),
    "检验": ("*compare",), "t检验": ("*compare",), "p值": ("*compare",),
    "strongest": ("*correlation",), "stärkste": ("*correlation",), "stärksten": ("*correlation",),
    "最强": ("*correlation",), "verschieden": ("*compare",), "different": ("*compare",),
    "day": ("@date",), "days": ("@date",), "tag": ("@date",), "tage": ("@date",), "tagen": ("@date",),
    "名称": ("@contains", "@text"), "名字": ("@contains", "@text"), "name": ("@contains", "@text"),
    "names": ("@contains", "@text"), "namen": ("@contains", "@text"), "称": ("@text",),
    "天": ("@date",), "天数": ("@date",), "日": ("@date",), "year": ("@date",), "years": ("@date",),
    "jahr": ("@date",), "jahre": ("@date",), "jahren": ("@date",), "年": ("@date",),
}  # fmt: skip

# Nouns for people: the rows of a table about people (one with age, sex, race, income ...).
PERSON_NOUNS = frozenset("""
people persons person individuals individual victims victim respondents respondent participants participant
customers customer patients patient employees employee students student users user voters voter
menschen personen person leute opfer befragte befragten teilnehmer teilnehmerinnen kunden patienten
mitarbeiter studenten nutzer wähler
mothers mother fathers father babies baby infants infant children child students pupils
subjects mütter mutter väter vater babys säuglinge kinder studierende schüler schülerinnen probanden
人 人数 人员 遇难者 受害者 受访者 参与者 个人 死者 选民 人口 母亲 父亲 婴儿 孩子 学生 受试者 患者 病人
passengers passenger travellers traveller travelers traveler guests guest members member residents resident
athletes athlete players player workers worker applicants applicant clients client visitors visitor
passagiere passagieren passagier fahrgäste fahrgästen fahrgast reisende reisenden gäste gästen bewohner
sportler spieler arbeiter bewerber klienten besucher mitglieder
乘客 旅客 游客 客人 成员 居民 运动员 球员 工人 申请人 客户 访客 会员
""".split())
PERSON_COLUMNS = {
    "age", "gender", "sex", "race", "first", "last", "educ", "education", "income", "vote", "smoke", "smoker",
    "smoking", "married", "marital", "gpa", "bmi", "hispanic", "ethnicity", "religion", "occupation", "pregnant",
}  # fmt: skip

# Words for events that are the rows ("deaths" in a table of deaths with a death_date):
# neutral when a column name holds the stem.
EVENT_NOUNS: dict[str, str] = {
    "deaths": "death", "death": "death", "died": "death", "killed": "death", "todesfälle": "death",
    "todesfall": "death", "todesfällen": "death", "starben": "death", "gestorben": "death", "tote": "death",
    "toten": "death", "死亡": "death", "遇难": "death", "死": "death", "死亡人数": "death",
}  # fmt: skip

# The nouns a question may use for the rows themselves ("how many entries").
ROW_NOUNS = frozenset("""
rows row records record entries entry observations observation items item cases samples instances
zeilen zeile einträge eintrag datensätze beobachtungen fälle
readings reading measurements measurement datapoints
proben probe stichproben messwerte messwert messungen messung datenpunkte
""".split())
# fmt: on

PUNCT = " \t\r\n,.;:!?()[]{}'\"`´‘’“”„«»‹›「」『』（）【】，。；：！？、…—–-_/\\*%+<>=|~#&@^$"


_ALL = EN | DE


def function_words(lang: str) -> frozenset[str]:
    """The spaced-language function words; both lists in every language (a German question
    without a German marker is detected as English, and people mix the two)."""
    return _ALL
