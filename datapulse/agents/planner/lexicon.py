"""The words the rule planner knows, in English, German and Chinese.

`KEYWORDS` maps a keyword id to its phrases; `COLUMN_TERMS` maps a word for a column
concept to English phrases that are then matched against the table's column names;
`SUPERLATIVES` map a word such as "wettest" to a column concept and a direction.
A phrase ending in `*` matches as a word prefix (German inflection: "durchschnittlich*");
one starting with `*` also matches at the end of a compound ("*gewicht" in
"Durchschnittsgewicht"). Chinese phrases match anywhere (no spaces to split on).
"""

from __future__ import annotations

# fmt: off

# Keyword id → its phrases in the three languages; one phrase may carry several ids.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "agg:mean": (
        "average", "mean", "avg", "on average", "im schnitt", "durchschnitt*", "mittelwert*", "mittlere*", "mittel",
        "平均", "均值", "平均值",
    ),
    "agg:sum": (
        "total", "sum", "sum of", "summe*", "gesamt*", "insgesamt", "zusammen", "总和", "总计", "合计", "总", "求和",
        "累计", "总额", "总量", "加起来", "加总",
    ),
    "agg:median": (
        "median", "medians", "中位数", "中值",
    ),
    "agg:min": (
        "minimum", "min", "lowest", "smallest", "least", "fewest", "minimal*", "niedrigst*", "kleinst*", "geringst*",
        "wenigst*", "shortest", "kürzest*", "最小", "最低", "最少", "最短", "最早",
        "cheapest", "billigst*", "günstigst*", "最便宜",
    ),
    "agg:max": (
        "maximum", "max", "highest", "largest", "biggest", "most", "greatest", "maximal*", "höchst*", "größt*",
        "meist*", "longest", "längst*", "最大", "最高", "最多", "大多数", "大部分", "最长", "最晚", "strongest",
        "stärkst*", "最强",
        "most expensive", "teuerst*", "最贵",
    ),
    "agg:std": (
        "standard deviation", "std", "stdev", "std dev", "standardabweichung*", "标准差",
    ),
    "agg:count": (
        "count", "number of", "how many", "anzahl", "wie viele", "wieviele", "wie vielen", "zahl der",
        "how often", "how frequently", "wie oft", "wie häufig", "多少次", "几次",
        "数量", "多少", "个数",
        "计数", "几个", "数目", "几种", "多少种", "几",
    ),
    "rows": (
        "rows", "row", "records", "entries", "zeilen", "datensätze", "einträge", "行", "行数", "记录", "条",
    ),
    "size": (
        "size", "shape", "how big", "how large", "dimensions", "größe", "umfang", "wie groß", "大小", "规模", "形状",
        "多大",
    ),
    "columns": (
        "columns", "column", "fields", "variables", "spalten", "spalte", "felder", "variablen", "列", "字段", "变量",
    ),
    "types": (
        "types", "data types", "dtypes", "type", "schema", "typen", "datentypen", "datentyp", "类型", "数据类型",
    ),
    "missing": (
        "missing", "null", "nulls", "nan", "empty", "fehlend*", "fehlen", "fehlt", "leer*", "缺失", "空值", "缺失值",
        "遗漏", "缺了", "缺少", "缺", "没有值",
    ),
    "notnull": (
        "filled in", "not missing", "non-missing", "not null", "non-null", "not empty", "non-empty",
        "ausgefüllt*", "nicht fehlend*", "nicht leer*", "不缺失", "非空", "有值", "已填写", "填写了", "不为空",
        "填写",
    ),
    "duplicates": (
        "duplicate", "duplicates", "duplicated", "doppelt*", "duplikat*", "重复",
    ),
    "describe": (
        "summary", "summarize", "summarise", "describe", "description", "statistics", "stats", "overview",
        "zusammenfassung", "zusammenfass*", "beschreib*", "statistik*", "überblick", "übersicht", "概要", "统计摘要",
        "描述", "描述性统计", "统计信息", "汇总统计", "概况",
    ),
    "distinct": (
        "distinct", "unique", "different", "verschiedene*", "eindeutige*", "unterschiedlich*", "einzigartige*",
        "不同", "唯一", "不重复",
    ),
    "mode": (
        "most common", "most frequent", "most often", "häufigst*", "am häufigsten", "最常见", "最多见", "最频繁",
        "人数最多",
    ),
    "spearman": (
        "spearman", "rank correlation", "rangkorrelation", "斯皮尔曼", "秩相关",
    ),
    "values": (
        "values", "werte", "取值", "哪些值",
    ),
    "top": (
        "top", "first", "best", "erste*", "größte*", "前", "zum ersten mal", "zum ersten male", "das erste mal",
        "erstmals", "erstmalig",
    ),
    "bottom": (
        "bottom", "last", "worst", "letzte*", "后", "倒数",
    ),
    "correlation": (
        "correlation", "correlations", "correlate", "correlated", "relationship", "korrelation*", "korrelieren",
        "korrelier*", "korreliert*", "zusammenhang", "zusammenhänge", "相关", "相关性", "相关系数", "关联",
        "corr", "cor", "korr",
    ),
    "distribution": (
        "distribution", "histogram", "distributed", "spread", "verteilung*", "verteilt", "verteilen sich", "histogramm",
        "分布",
        "直方图",
    ),
    "trend": (
        "trend", "trends", "over time", "time series", "evolution", "verlauf", "zeitverlauf", "entwicklung",
        "im zeitverlauf", "趋势", "随时间", "走势", "变化", "developed", "evolved", "entwickelt", "发展",
    ),
    "outliers": (
        "outlier", "outliers", "anomalies", "anomaly", "ausreißer", "ausreisser", "anomalie*", "异常值", "离群",
        "异常",
    ),
    "zscore": (
        "z-score", "zscore", "z score", "z-scores", "z-wert", "z-werte", "z分数", "z值",
    ),
    "iqr": (
        "iqr", "interquartile", "interquartil*", "四分位",
    ),
    "compare": (
        "compare", "comparison", "difference", "differ", "differences", "versus", "vs", "significant",
        "different between", "significantly different", "statistically different", "different from each other",
        "p value", "p-value", "p-values", "p-wert", "p-werte", "p值", "p 值", "t-test", "t test", "welch test",
        "welch t-test", "welch-test", "welch's t-test", "t-tests", "t 检验", "t检验", "检验",
        "significantly", "vergleich*", "unterschied", "unterschiede", "unterschieden",
        "unterschiedes", "unterscheid*", "signifikant*", "比较", "对比", "差异", "显著",
        "区别",
    ),
    "share": (
        "share", "percentage", "percent", "proportion", "fraction", "anteil*", "prozent*", "占比", "比例", "百分比",
        "份额", "百分之", "百分之几", "百分之多少", "what percent", "wie viel prozent", "what %", "how many %",
        "wie viel %", "wieviel %",
    ),
    "pivot": (
        "pivot", "pivot table", "crosstab", "cross tab", "cross-tab", "pivot-tabelle", "kreuztabelle", "透视",
        "透视表", "交叉表",
    ),
    "show": (
        "show", "list", "display", "give me", "which rows", "zeige*", "zeig", "liste", "auflisten", "anzeigen",
        "显示", "列出", "给出",
    ),
    "group": (
        "by", "per", "for each", "for every", "each", "across", "grouped by", "broken down by", "nach", "pro", "je",
        "für jede", "für jeden", "für jedes", "jede", "jeden", "jedes", "gruppiert nach", "按", "按照", "每个", "每",
        "broken out by", "split by", "aufgeschlüsselt nach", "aufgeteilt nach", "unterteilt nach", "getrennt nach",
        "各", "每种", "每类", "分组", "within each", "within every", "in each", "innerhalb jeder", "innerhalb jedes",
        "innerhalb jeden", "innerhalb jeder einzelnen", "in jeder", "in jedem",
    ),
    "which": (
        "which", "what", "welche", "welcher", "welches", "welchem", "welchen", "哪个", "哪些", "哪一个", "哪一", "哪",
    ),
    "is_what": (  # "最低气压是多少": what is it, not a count
        "是多少", "为多少", "是几", "有多大", "是什么",
    ),
    "and": (
        "and", "und", "和", "与", "及", "以及", "、", "&", ",",
    ),
    "or": (
        "or", "oder", "或", "或者", "或是",
    ),
    "not": (
        "not", "不在", "except", "excluding", "without", "other than", "apart from", "nicht", "außer", "ausser",
        "ohne", "ausgenommen", "kein", "keine", "除了", "不是", "非", "不包括", "排除",
    ),
    "only": (
        "only", "just", "nur", "lediglich", "只看", "只有", "仅", "仅限",
    ),
    "followup": (
        "what about", "how about", "und was ist mit", "was ist mit", "wie sieht es", "那么", "呢", "of those",
        "of these", "among them", "among those", "davon", "darunter", "von diesen", "其中", "这些中", "这其中",
        "same years", "same period", "same time", "gleichen zeitraum", "selben zeitraum", "同一时期", "同期",
    ),
    "op:gt": (
        ">", "greater than", "more than", "larger than", "bigger than", "higher than", "above", "over", "exceeds",
        "exceeding", "exceeded", "exceed", "größer als", "mehr als", "höher als", "über", "oberhalb", "大于", "高于",
        "超过", "多于", "突破", "übersteigen", "übersteigt", "überstiegen", "überschreiten", "überschreitet",
        "überschritten",
    ),
    "op:ge": (
        ">=", "≥", "at least", "no less than", "mindestens", "wenigstens", "至少", "不少于", "不低于", "大于等于",
        "reach", "reached", "reaches", "erreichte", "erreicht", "erreichten", "达到",
    ),
    "op:lt": (
        "<", "less than", "smaller than", "lower than", "below", "under", "fewer than", "kleiner als", "weniger als",
        "niedriger als", "unter", "unterhalb", "小于", "低于", "少于", "不到", "跌破",
    ),
    "op:le": (
        "<=", "≤", "at most", "no more than", "höchstens", "至多", "不超过", "小于等于", "不高于",
    ),
    "op:eq": (
        "=", "==", "equals", "equal to", "is equal to", "gleich", "entspricht", "等于", "为", "是", "exactly", "genau",
        "正好", "恰好",
    ),
    "op:ne": (
        "!=", "<>", "≠", "not equal to", "ungleich", "不等于",
    ),
    "or_more": (  # after a number: "20 or higher", "20 oder mehr", "20及以上"
        "or higher", "or more", "or above", "or greater", "or over", "oder mehr", "oder höher", "oder darüber",
        "及以上", "或以上", "以上", "or later", "or after", "oder später", "oder danach", "及以后", "或以后",
        "or older", "oder älter",
    ),
    "or_less": (
        "or lower", "or less", "or fewer", "or below", "or under", "oder weniger", "oder niedriger", "oder darunter",
        "及以下", "或以下", "以下", "or younger", "oder jünger",
    ),
    "between": (
        "between", "zwischen", "介于", "在", "之间",
    ),
    "contains": (
        "contains", "containing", "contain", "includes", "like", "enthält", "enthalten", "beinhaltet", "包含", "含有",
        "含", "带", "带有", "里带", "中带", "里有", "中有",
    ),
    "before": (
        "before", "prior to", "until", "vor", "bis", "之前", "以前", "前",
    ),
    "after": (
        "after", "since", "from", "vom", "nach", "seit", "ab", "之后", "以后", "后", "起", "以来", "开始",
    ),
    "in": (
        "in", "im", "during", "for", "of", "für", "während", "在",
    ),
    # Compass bounds on a latitude or longitude: "north of 60", "westlich von -100", "北纬60度以北".
    "compass:north": ("north of", "nördlich von", "nördlich", "以北"),
    "compass:south": ("south of", "südlich von", "südlich", "以南"),
    "compass:east": ("east of", "östlich von", "östlich", "以东"),
    "compass:west": ("west of", "westlich von", "westlich", "以西"),
    "to": (
        "to", "and", "bis", "und", "到", "至", "和", "-", "through", "thru",
    ),
}

# Time buckets of a trend.
FREQ_WORDS: dict[str, tuple[str, ...]] = {
    "day": (
        "daily", "per day", "by day", "each day", "täglich*", "pro tag", "nach tag", "je tag", "每天", "每日", "按天",
        "按日",
    ),
    "week": (
        "weekly", "per week", "by week", "each week", "wöchentlich*", "pro woche", "nach woche", "je woche", "每周",
        "按周", "每星期",
    ),
    "month": (
        "monthly", "per month", "by month", "each month", "monatlich*", "pro monat", "nach monat", "je monat", "每月",
        "按月", "每个月", "按月份",
        "monatsmittel*", "monatsdurchschnitt*", "monatswert*", "monatssumme*", "月均", "月平均",
    ),
    "quarter": (
        "quarterly", "per quarter", "by quarter", "each quarter", "vierteljährlich*", "quartalsweise", "pro quartal",
        "nach quartal", "je quartal", "每季度", "按季度", "每个季度",
    ),
    "year": (
        "yearly", "annual", "annually", "per year", "by year", "each year", "jährlich*", "pro jahr", "nach jahr",
        "je jahr", "每年", "按年", "按年份", "每一年", "jahresdurchschnitt*", "jahresmittel*", "年均", "年平均",
        "annual average", "yearly average", "each year's", "for every year", "jahreswert*", "jahressumme*",
    ),
    "month_of_year": (
        "by calendar month", "per calendar month", "each calendar month", "month of the year", "month of year",
        "je kalendermonat", "pro kalendermonat", "nach kalendermonat", "jeden kalendermonat", "按日历月",
    ),
    "decade": (
        "per decade", "by decade", "each decade", "every decade", "pro jahrzehnt", "je jahrzehnt", "nach jahrzehnt",
        "jedes jahrzehnt", "jedem jahrzehnt", "nach jahrzehnten", "每个年代", "每十年", "按年代", "各年代",
    ),
    "century": (
        "per century", "by century", "each century", "every century", "pro jahrhundert", "je jahrhundert",
        "nach jahrhundert", "jedes jahrhundert", "每个世纪", "每世纪", "按世纪", "各世纪",
    ),
}

# German "for each <period>" ("für jeden Monat"): the same as "je Monat"
for _freq, _each in (
    ("day", ("jeden tag", "jedem tag")),
    ("week", ("jede woche", "jeder woche")),
    ("month", ("jeden monat", "jedem monat")),
    ("quarter", ("jedes quartal", "jedem quartal")),
    ("year", ("jedes jahr", "jedem jahr")),
):
    FREQ_WORDS[_freq] += _each

# "type" is also the schema's word: over a table with a column named just that (type, kind, category)
# the word names the column ("类型为 State 的", "几种不同的语言类型", "die Typen"); without one it asks
# for the columns' data types. A column only partly so named (`key_type`) is left to the linker.
TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "类型": ("type", "kind", "category"), "类别": ("category", "type", "kind"), "种类": ("type", "kind"),
    "typ": ("type", "kind"), "typen": ("type", "kind"), "kinds": ("kind", "type"), "kategorie": ("category",),
    # the last half of a German compound ("Berufstyp", "Berufsart", "Produktkategorie"): the rows' type;
    # a Chinese "each kind of" before the rows' noun ("每类职业") names the column too (asked, not read
    # as the rows' own column)
    "*typ": ("type", "kind"), "*sart": ("type", "kind", "category"), "*kategorie": ("category", "type"),
    "每类": ("type", "kind", "category"), "各类": ("type", "kind", "category"), "哪类": ("type", "kind", "category"),
}

# A word for a column concept (English synonyms, German, Chinese) → English phrases looked for in column names.
COLUMN_TERMS: dict[str, tuple[str, ...]] = {
    "lasted": ("duration", "length", "dauer"), "lasting": ("duration", "length", "dauer"),
    "lasts": ("duration", "length", "dauer"), "dauerten": ("duration", "length", "dauer"),
    "dauerte": ("duration", "length", "dauer"), "持续": ("duration", "length"),
    "持续时间": ("duration", "length"), "时长": ("duration", "length"),
    "revenue": ("sales", "revenue", "turnover"), "sales": ("sales", "revenue"), "turnover": ("sales", "revenue"),
    "fare": ("fare", "price"), "price": ("price", "fare", "cost"), "cost": ("cost", "price"),
    "weight": ("weight", "mass", "body mass"), "heavy": ("weight", "mass"), "mass": ("mass", "weight"),
    "weigh": ("weight", "mass", "body mass"), "weighs": ("weight", "mass", "body mass"),
    "inhabitants": ("population",), "residents": ("population",),
    # how pressing or grave a row is: a level column, never one of its values ("紧急程度" is urgency, not "emergency")
    "紧急程度": ("urgency", "priority"), "紧急度": ("urgency", "priority"), "紧急级别": ("urgency", "priority"),
    "优先级": ("priority", "urgency"), "严重程度": ("severity", "priority"), "严重性": ("severity",),
    "dringlichkeit*": ("urgency", "priority"), "priorität*": ("priority", "urgency"),
    "schweregrad*": ("severity",),
    # what a row is called: "Wie heißt die Einheit mit dem Code X", "代码为 X 的叫什么" ask its name
    "heißt": ("name", "title"), "heisst": ("name", "title"), "hieß": ("name", "title"), "heißen": ("name", "title"),
    "叫什么": ("name", "title"), "called": ("name", "title"),
    # coming out is being released: over a column of release dates, "when did X come out" names it
    "come out": ("release", "released", "release date", "published", "publication"),
    "came out": ("release", "released", "release date", "published", "publication"),
    "veröffentlicht": ("release", "released", "release date", "published", "publication"),
    "erschienen": ("release", "released", "release date", "published", "publication"),
    "erschien": ("release", "released", "release date", "published", "publication"),
    "herauskam": ("release", "released", "release date", "published"),
    "heraus": ("release", "released", "release date", "published"),
    "发布": ("release", "released", "release date", "published"),
    "发行": ("release", "released", "release date", "published"),
    "出版": ("published", "publication", "release"),
    # irregular plurals and the adjective a yes/no column is named with
    "teeth": ("toothed", "teeth", "tooth"), "牙齿": ("toothed", "teeth", "tooth"), "牙": ("toothed", "teeth"),
    # where a journey starts: the port of embarkation
    "port": ("port", "embarked", "embarkation", "harbour", "harbor"),
    "ports": ("port", "embarked", "embarkation", "harbour", "harbor"),
    "embarkation": ("embarkation", "embarked", "port"), "embark": ("embarked", "embarkation", "port"),
    "hafen": ("port", "embarked", "embarkation", "harbour", "harbor"),
    "港口": ("port", "embarked", "embarkation", "harbour", "harbor"),
    "登船港口": ("embarked", "embarkation", "port"), "登船": ("embarked", "embarkation", "port"),
    # who makes or sells a product: one concept under several names
    "manufacturer": ("manufacturer", "make", "vendor", "maker", "brand"),
    "manufacturers": ("manufacturer", "make", "vendor", "maker", "brand"),
    "maker": ("maker", "make", "manufacturer", "vendor", "brand"),
    "makers": ("maker", "make", "manufacturer", "vendor", "brand"),
    "vendors": ("vendor", "manufacturer", "maker", "make", "brand"),
    "herstellers": ("manufacturer", "make", "vendor", "maker", "brand"),
    "anbieter": ("vendor", "provider", "manufacturer"),
    "厂家": ("manufacturer", "make", "vendor", "maker", "brand"),
    "生产商": ("manufacturer", "make", "vendor", "maker", "brand"),
    "供应商": ("vendor", "supplier", "provider"),
    "weighed": ("weight", "mass", "body mass"), "wiegen": ("weight", "mass", "body mass"),
    "wiegt": ("weight", "mass", "body mass"), "wogen": ("weight", "mass", "body mass"),
    "rainfall": ("precipitation", "precip"), "precipitation": ("precipitation", "precip"),
    "temperature": ("temp", "temperature"), "gender": ("sex", "gender"), "sex": ("sex", "gender"),
    "airline": ("carrier", "airline"), "carrier": ("carrier", "airline"), "destination": ("dest", "destination"),
    "fuel economy": ("miles per gallon", "mpg"), "mileage": ("miles per gallon", "mpg"),
    "mpg": ("miles per gallon", "mpg"), "hp": ("horsepower",), "power": ("horsepower",), "kind": ("species", "type"),
    "arrival delay": ("arr delay",), "departure delay": ("dep delay",),
    "unemployment": ("unemp", "unemployment", "unemploy"),
    "population": ("pop", "population"), "employment": ("totemp", "employment"), "education": ("educ", "education"),
    "岁": ("age",), "周岁": ("age",), "how old": ("age",), "wie alt": ("age",), "年纪": ("age",),
    "多大年纪": ("age",), "岁数": ("age",),
    "flipper": ("flipper length",), "bill": ("bill length",), "max temperature": ("temp max",),
    "maximum temperature": ("temp max",), "high temperature": ("temp max",), "min temperature": ("temp min",),
    "minimum temperature": ("temp min",), "low temperature": ("temp min",), "zylinderzahl": ("cylinders",),
    "kindern": ("children",), "weight in lbs": ("weight in lbs",), "preis": ("price", "fare", "cost"),
    "preise": ("price", "fare", "cost"), "fahrpreis": ("fare", "price"), "ticketpreis": ("fare", "price"),
    "kosten": ("cost", "price"), "umsatz": ("sales", "revenue"), "land": ("country",), "länder": ("country",),
    "monat": ("month",), "monate": ("month",), "jahr": ("year",), "jahre": ("year",), "tag": ("day",),
    "tage": ("day",), "datum": ("date",), "stunde": ("hour",), "klasse": ("class", "pclass"),
    "geschlecht": ("sex", "gender"), "insel": ("island",), "inseln": ("island",), "art": ("species",),
    "arten": ("species",), "spezies": ("species",), "gewicht": ("weight", "mass", "body mass"),
    "*gewicht": ("weight", "mass", "body mass"), "körpermasse": ("body mass",), "masse": ("mass",),
    "länge": ("length",), "schnabellänge": ("bill length",), "schnabeltiefe": ("bill depth",),
    "flossenlänge": ("flipper length",), "flossen": ("flipper length",), "flosse": ("flipper length",),
    "flügellänge": ("flipper length",), "temperatur": ("temp", "temperature"), "höchsttemperatur": ("temp max",),
    "tiefsttemperatur": ("temp min",), "maximaltemperatur": ("temp max",), "minimaltemperatur": ("temp min",),
    "niederschlag": ("precipitation", "precip"), "niederschlagsmenge": ("precipitation", "precip"),
    "regenmenge": ("precipitation", "precip"), "wind": ("wind",), "windgeschwindigkeit": ("wind speed", "wind"),
    "wetter": ("weather",), "wetterlage": ("weather",), "verspätung": ("delay",),
    "ankunftsverspätung": ("arr delay",), "abflugverspätung": ("dep delay",), "entfernung": ("distance",),
    "distanz": ("distance",), "strecke": ("distance",), "fluggesellschaft": ("carrier", "airline"),
    "fluggesellschaften": ("carrier", "airline"), "herkunft": ("origin",), "ursprung": ("origin",),
    "abflughafen": ("origin",), "zielflughafen": ("dest",), "ziel": ("dest",), "ziele": ("dest",),
    "zielen": ("dest",), "zylinder": ("cylinders", "cyl"), "ps": ("horsepower",), "leistung": ("horsepower",),
    "verbrauch": ("miles per gallon",), "beschleunigung": ("acceleration",), "hubraum": ("displacement", "displ"),
    "alter": ("age",), "alkohol": ("alcohol",), "alkoholgehalt": ("alcohol",), "farbintensität": ("color intensity",),
    "arbeitslosigkeit": ("unemp", "unemployment", "unemploy"), "bevölkerung": ("pop", "population"),
    "beschäftigung": ("totemp", "employment"), "einkommen": ("income",), "kinder": ("children",),
    "bildung": ("educ", "education"), "ausbildung": ("educ", "education"), "religiosität": ("religious",),
    "ehejahre": ("yrs married",), "affären": ("affairs",), "sorte": ("variety",), "sorten": ("variety",),
    "ertrag": ("yield",), "standort": ("site",), "ort": ("site",), "blütenblattlänge": ("petal length",),
    "kelchblattlänge": ("sepal length",), "blütenblattbreite": ("petal width",), "kelchblattbreite": ("sepal width",),
    "breite": ("width",), "tiefe": ("depth",), "druck": ("pressure",), "luftdruck": ("pressure",),
    "luftfeuchtigkeit": ("humid", "humidity"), "sichtweite": ("visib", "visibility"), "flugzeit": ("air time",),
    "kurs": ("price",), "aktie": ("symbol",), "aktien": ("symbol",), "name": ("name",), "herkunftsland": ("origin",),
    "taupunkt": ("dewp",), "böen": ("wind gust",), "windböen": ("wind gust",), "windrichtung": ("wind dir",),
    "ehezufriedenheit": ("rate marriage",), "beruf": ("occupation",), "flugnummer": ("flight",),
    "价格": ("price", "fare", "cost"), "票价": ("fare", "price"), "成本": ("cost",), "销售额": ("sales", "revenue"),
    "收入": ("income", "revenue"), "国家": ("country",), "月份": ("month",), "月": ("month",), "年份": ("year",),
    "年": ("year",), "年度": ("year",), "日期": ("date",), "舱位": ("class", "pclass"), "舱等": ("class", "pclass"),
    "性别": ("sex", "gender"), "岛屿": ("island",), "岛": ("island",), "物种": ("species",), "种类": ("species",),
    # a reduction or decrease measured ("减压程度", "Stressreduktion"), a stay counted in days
    # ("住院天数", "Krankenhaustage", "hospital stay"), a result (`res`), a job (`occupation`), prestige
    "减压": ("reduction",), "减少量": ("reduction", "decrease"), "降幅": ("reduction", "decrease"),
    "reduktion": ("reduction",), "verringerung": ("reduction", "decrease"), "senkung": ("reduction", "decrease"),
    "住院天数": ("length of stay", "los", "stay", "days"), "住院时间": ("length of stay", "los", "stay", "days"),
    "天数": ("days",), "krankenhaustage": ("length of stay", "los", "stay", "days"),
    "aufenthalt": ("length of stay", "los", "stay", "days"), "hospital stay": ("length of stay", "los", "stay", "days"),
    "结果": ("result", "res"), "结果值": ("result", "res"), "ergebnis": ("result", "res"), "result": ("res",),
    "job": ("occupation", "profession", "job"), "jobs": ("occupation", "profession", "job"),
    "behandlung": ("treatment", "therapy"), "therapie": ("therapy", "treatment"),
    "prestigious": ("prestige",), "ansehen": ("prestige", "reputation"),
    "声望": ("prestige", "reputation"),
    "体重": ("body mass", "weight", "mass"), "重量": ("weight", "mass"), "质量": ("mass",), "长度": ("length",),
    "喙长": ("bill length",), "嘴长": ("bill length",), "喙长度": ("bill length",), "喙深": ("bill depth",),
    "喙深度": ("bill depth",), "鳍长": ("flipper length",), "鳍肢长度": ("flipper length",),
    "鳍状肢长度": ("flipper length",), "温度": ("temp", "temperature"), "气温": ("temp", "temperature"),
    "最高气温": ("temp max",), "最低气温": ("temp min",), "最高温度": ("temp max",), "最低温度": ("temp min",),
    "降水": ("precipitation", "precip"), "降水量": ("precipitation", "precip"), "降雨量": ("precipitation", "precip"),
    "雨量": ("precipitation", "precip"), "风速": ("wind speed", "wind"), "天气": ("weather",), "延误": ("delay",),
    "到达延误": ("arr delay",), "抵达延误": ("arr delay",), "出发延误": ("dep delay",), "起飞延误": ("dep delay",),
    "距离": ("distance",), "航空公司": ("carrier", "airline"), "承运人": ("carrier",), "出发地": ("origin",),
    "始发地": ("origin",), "出发机场": ("origin",), "目的地": ("dest",), "气缸": ("cylinders", "cyl"),
    "气缸数": ("cylinders", "cyl"), "马力": ("horsepower",), "缸": ("cylinders",), "油耗": ("miles per gallon",),
    "每加仑英里数": ("miles per gallon",), "加速": ("acceleration",), "加速度": ("acceleration",),
    "排量": ("displacement", "displ"), "产地": ("origin",), "名称": ("name",), "名字": ("name",), "年龄": ("age",),
    "酒精": ("alcohol",), "酒精度": ("alcohol",), "镁": ("magnesium",), "颜色强度": ("color intensity",),
    "失业": ("unemp", "unemployment", "unemploy"), "失业人数": ("unemp", "unemployment", "unemploy"),
    "人口": ("pop", "population"),
    "就业": ("totemp", "employment"), "品种": ("variety",), "产量": ("yield",), "地点": ("site",),
    "花瓣长度": ("petal length",), "花萼长度": ("sepal length",), "花瓣宽度": ("petal width",),
    "花萼宽度": ("sepal width",), "宽度": ("width",), "深度": ("depth",), "气压": ("pressure",),
    "湿度": ("humid", "humidity"), "能见度": ("visib", "visibility"), "飞行时间": ("air time",), "小时": ("hour",),
    "航班号": ("flight",), "外遇": ("affairs",), "婚外情": ("affairs",), "婚龄": ("yrs married",),
    "结婚年数": ("yrs married",), "宗教": ("religious",), "教育": ("educ", "education"), "职业": ("occupation",),
    "子女": ("children",), "孩子": ("children",), "露点": ("dewp",), "阵风": ("wind gust",), "风向": ("wind dir",),
    "婚姻评分": ("rate marriage",), "股票": ("symbol",), "股价": ("price",),
    # Common column words, ahead of the Ding dictionary (see linking.py and german.py).
    "farbe": ("color", "colour"), "farben": ("color", "colour"), "schliff": ("cut",), "reinheit": ("clarity",),
    "karat": ("carat",), "stadt": ("city",), "städte": ("city",), "städten": ("city",), "staat": ("state",),
    "bundesstaat": ("state",), "bundesstaaten": ("state",), "bezirk": ("county",), "landkreis": ("county",),
    "kontinent": ("continent",), "kontinente": ("continent",), "kontinenten": ("continent",),
    "breitengrad": ("lat", "latitude"), "breite grad": ("lat", "latitude"), "längengrad": ("long", "lon", "longitude"),
    "verkäufe": ("sales",), "verkaufszahlen": ("sales",), "gewinn": ("profit",),
    "hersteller": ("manufacturer", "make", "vendor", "maker", "brand"),
    "marke": ("make", "brand", "manufacturer"), "modell": ("model",), "modelle": ("model",),
    "autobahn": ("hwy", "highway"), "autobahnverbrauch": ("hwy", "highway"), "stadtverbrauch": ("cty", "city mpg"),
    "antrieb": ("drv", "drive"), "getriebe": ("trans", "transmission"), "kraftstoff": ("fl", "fuel"),
    "lebenserwartung": ("life exp", "life expectancy", "lifeexp"), "bip": ("gdp",), "einwohner": ("pop", "population"),
    "einwohnerzahl": ("pop", "population"), "kategorie": ("category",), "kategorien": ("category",),
    "arbeitslose": ("unemploy", "unemp", "unemployment"), "arbeitslosenzahl": ("unemploy", "unemp"),
    "sparquote": ("psavert", "savings rate"), "konsum": ("pce", "consumption"), "volumen": ("volume",),
    "inventar": ("inventory",), "bestand": ("inventory",), "angebote": ("listings",), "inserate": ("listings",),
    "geschwindigkeit": ("speed",), "höhe": ("height", "altitude", "elevation"),
    "dauer": ("duration",), "punktzahl": ("score",), "bewertung": ("rating", "score"), "note": ("grade", "score"),
    "typ": ("type", "kind", "category"), "quartal": ("quarter",), "quartale": ("quarter",),
    "quartalen": ("quarter",), "季度": ("quarter",), "季": ("quarter",), "nettoerzeugung": ("net generation",),
    "erzeugung": ("generation", "net generation"), "stromerzeugung": ("generation", "net generation"),
    "净发电量": ("net generation",), "发电量": ("generation", "net generation"),
    "发电": ("generation", "net generation"),
    "quelle": ("source",), "quellen": ("source",), "energiequelle": ("source",), "energiequellen": ("source",),
    "能源": ("source",), "来源": ("source",), "schlusskurs": ("close",), "收盘价": ("close",), "开盘价": ("open",),
    "eröffnungskurs": ("open",), "closing": ("close",), "opening": ("open",), "rendite": ("ret", "return"),
    "renditen": ("ret", "return"), "returns": ("ret", "return"), "收益率": ("ret", "return"), "收益": ("ret", "return"),
    "unternehmen": ("firm", "company"), "firmen": ("firm", "company"), "firma": ("firm", "company"),
    "公司": ("firm", "company"), "years old": ("age",), "jahre alt": ("age",),
    "meilen": ("miles", "mile"), "英里": ("miles", "mile"), "里程": ("miles", "mileage"),
    "州": ("state",), "县": ("county",), "mordrate": ("murder",), "morde": ("murder",), "mord": ("murder",),
    "armut": ("poverty",), "armutsquote": ("poverty",), "armutsrate": ("poverty",), "谋杀": ("murder",),
    "贫困": ("poverty",), "arbeitslosenquote": ("unemp", "unemployment", "unemploy"),
    "失业率": ("unemp", "unemployment", "unemploy"), "benzinpreis": ("gas",), "benzinpreise": ("gas",),
    "油价": ("gas",),
    "切工": ("cut",), "净度": ("clarity",), "克拉": ("carat",), "高速油耗": ("hwy", "highway"),
    "城市油耗": ("cty",), "驱动": ("drv", "drive"), "驱动方式": ("drv", "drive"), "变速箱": ("trans", "transmission"),
    "制造商": ("manufacturer", "make", "vendor", "maker", "brand"),
    "厂商": ("manufacturer", "make", "vendor", "maker", "brand"), "车型": ("class", "model"),
    "型号": ("model",), "失业人口": ("unemploy", "unemp"), "储蓄率": ("psavert", "savings rate"),
    "成交量": ("sales", "volume"), "销量": ("sales",), "销售": ("sales",), "挂牌": ("listings",),
    "库存": ("inventory",),
    "elevation": ("elevation", "altitude", "elev"), "altitude": ("altitude", "elevation", "elev"),
    "海拔": ("altitude", "elevation", "elev"), "海拔高度": ("altitude", "elevation", "elev"),
    "sitzanzahl": ("seats",), "sitzplätze": ("seats",), "sitzplätzen": ("seats",),
    "triebwerke": ("engines", "engine"), "triebwerken": ("engines", "engine"), "baujahr": ("year",),
    "zeitzone": ("tzone", "time zone", "tz"), "zeitzonen": ("tzone", "time zone", "tz"),
    "时区": ("tzone", "time zone", "tz"),
    "人均gdp": ("gdp percap", "gdppercap"), "预期寿命": ("life exp", "lifeexp", "life expectancy"),
    # a word size in bits ("64 位", "Bitbreite", "word size"); 位 alone only where a column says bits
    "位": ("bits",), "位数": ("bits",), "字长": ("bits", "word size"), "bit": ("bits",),
    "bitbreite": ("bits", "word size"), "wortbreite": ("bits", "word size"), "word size": ("bits", "word size"),
    "wortlänge": ("bits", "word size"), "字节序": ("endianness", "byte order"), "byte order": ("endianness",),
    "全名": ("full name",), "全称": ("full name",), "顶级域名": ("tld", "top level domain"),
    "顶级域": ("tld", "top level domain"), "abschnitt": ("section",), "abschnitte": ("section",),
    "abschnitten": ("section",), "abschnitts": ("section",),
    # a user's home directory, login shell; a file's extension
    "home directory": ("home",), "home directories": ("home",), "home folder": ("home",), "home folders": ("home",),
    "home-verzeichnis": ("home",), "home-verzeichnisse": ("home",), "heimatverzeichnis": ("home",),
    "主目录": ("home",), "家目录": ("home",), "login shell": ("shell",), "login-shell": ("shell",),
    "登录 shell": ("shell",), "登录shell": ("shell",),
    "file extension": ("extensions",), "file extensions": ("extensions",),
    "dateiendung": ("extensions",), "dateiendungen": ("extensions",),
    "endung": ("extensions",), "endungen": ("extensions",),
    "dateierweiterung": ("extensions",),
    # ids of a kind: the kind's word before "id" (uid, gid spelled out in ABBREVIATIONS)
    "用户 id": ("user id",), "用户id": ("user id",), "用户编号": ("user id",), "组 id": ("group id",),
    "组id": ("group id",), "用户组 id": ("group id",), "用户组id": ("group id",), "benutzer id": ("user id",),
    "benutzer-id": ("user id",), "benutzerkennung": ("user id",), "gruppen id": ("group id",),
    "gruppen-id": ("group id",), "gruppenkennung": ("group id",),
}

# "wettest" → the concept it implies and the direction (max: largest first).
SUPERLATIVES: dict[str, tuple[tuple[str, ...], str]] = {
    "wettest": (("precipitation", "precip"), "max"), "rainiest": (("precipitation", "precip"), "max"),
    "driest": (("precipitation", "precip"), "min"), "hottest": (("temp max", "temp", "temperature"), "max"),
    "warmest": (("temp max", "temp", "temperature"), "max"), "coldest": (("temp min", "temp", "temperature"), "min"),
    "windiest": (("wind", "wind speed"), "max"), "heaviest": (("weight", "mass", "body mass"), "max"),
    "lightest": (("weight", "mass", "body mass"), "min"), "most expensive": (("price", "fare", "cost"), "max"),
    "cheapest": (("price", "fare", "cost"), "min"), "oldest": (("age",), "max"), "youngest": (("age",), "min"),
    "most powerful": (("horsepower",), "max"), "farthest": (("distance",), "max"),
    "longest flights": (("distance",), "max"), "nassest*": (("precipitation", "precip"), "max"),
    "regenreichst*": (("precipitation", "precip"), "max"), "trockenst*": (("precipitation", "precip"), "min"),
    "heißest*": (("temp max", "temp", "temperature"), "max"), "wärmst*": (("temp max", "temp", "temperature"), "max"),
    "kältest*": (("temp min", "temp", "temperature"), "min"), "windigst*": (("wind", "wind speed"), "max"),
    "schwerst*": (("weight", "mass", "body mass"), "max"), "leichtest*": (("weight", "mass", "body mass"), "min"),
    "teuerst*": (("price", "fare", "cost"), "max"), "billigst*": (("price", "fare", "cost"), "min"),
    "günstigst*": (("price", "fare", "cost"), "min"), "ältest*": (("age",), "max"),
    "最老": (("age",), "max"), "最旧": (("age",), "max"), "最年轻": (("age",), "min"), "jüngst*": (("age",), "min"),
    "stärkst*": (("horsepower",), "max"), "最重": (("weight", "mass", "body mass"), "max"),
    "最轻": (("weight", "mass", "body mass"), "min"), "最热": (("temp max", "temp", "temperature"), "max"),
    "最暖和": (("temp max", "temp", "temperature"), "max"), "最暖": (("temp max", "temp", "temperature"), "max"),
    "最冷": (("temp min", "temp", "temperature"), "min"), "雨量最多": (("precipitation", "precip"), "max"),
    "降水最多": (("precipitation", "precip"), "max"), "最潮湿": (("precipitation", "precip"), "max"),
    "最贵": (("price", "fare", "cost"), "max"), "最便宜": (("price", "fare", "cost"), "min"),
    "风最大": (("wind", "wind speed"), "max"),
    "最北边": (("latitude", "lat"), "max"), "最南边": (("latitude", "lat"), "min"),
    "最西边": (("longitude", "long", "lon"), "min"), "最东边": (("longitude", "long", "lon"), "max"),
    "furthest north": (("latitude", "lat"), "max"), "farthest north": (("latitude", "lat"), "max"),
    "northernmost": (("latitude", "lat"), "max"), "nördlichst*": (("latitude", "lat"), "max"),
    "最北": (("latitude", "lat"), "max"), "furthest south": (("latitude", "lat"), "min"),
    "farthest south": (("latitude", "lat"), "min"), "southernmost": (("latitude", "lat"), "min"),
    "südlichst*": (("latitude", "lat"), "min"), "最南": (("latitude", "lat"), "min"),
    "furthest west": (("longitude", "long", "lon"), "min"), "westernmost": (("longitude", "long", "lon"), "min"),
    "westlichst*": (("longitude", "long", "lon"), "min"), "最西": (("longitude", "long", "lon"), "min"),
    "furthest east": (("longitude", "long", "lon"), "max"), "easternmost": (("longitude", "long", "lon"), "max"),
    "östlichst*": (("longitude", "long", "lon"), "max"), "最东": (("longitude", "long", "lon"), "max"),
}

# Comparatives that name a concept and an operator: "heavier than 4000".
COMPARATIVES: dict[str, tuple[tuple[str, ...], str]] = {
    "weigh more than": (("weight", "mass", "body mass"), "gt"),
    "weighs more than": (("weight", "mass", "body mass"), "gt"),
    "weighing more than": (("weight", "mass", "body mass"), "gt"),
    "weigh less than": (("weight", "mass", "body mass"), "lt"),
    "weighs less than": (("weight", "mass", "body mass"), "lt"),
    "weighing less than": (("weight", "mass", "body mass"), "lt"),
    "wiegen mehr als": (("weight", "mass", "body mass"), "gt"),
    "wiegt mehr als": (("weight", "mass", "body mass"), "gt"),
    "wiegen weniger als": (("weight", "mass", "body mass"), "lt"),
    "wiegt weniger als": (("weight", "mass", "body mass"), "lt"),
    "heavier than": (("weight", "mass", "body mass"), "gt"), "lighter than": (("weight", "mass", "body mass"), "lt"),
    "more expensive than": (("price", "fare", "cost"), "gt"), "cheaper than": (("price", "fare", "cost"), "lt"),
    "older than": (("age",), "gt"), "younger than": (("age",), "lt"),
    "warmer than": (("temp max", "temp", "temperature"), "gt"),
    "colder than": (("temp min", "temp", "temperature"), "lt"),
    "schwerer als": (("weight", "mass", "body mass"), "gt"), "leichter als": (("weight", "mass", "body mass"), "lt"),
    "teurer als": (("price", "fare", "cost"), "gt"), "billiger als": (("price", "fare", "cost"), "lt"),
    "älter als": (("age",), "gt"), "jünger als": (("age",), "lt"),
    "wärmer als": (("temp max", "temp", "temperature"), "gt"),
    "kälter als": (("temp min", "temp", "temperature"), "lt"),
}
# How long something lasted: a column of durations ("duration", "length of stay", "Dauer").
_DURATION = ("duration", "length", "dauer", "los")
for _phrase, _op in (
    ("lasted more than", "gt"), ("lasted longer than", "gt"), ("lasting more than", "gt"),
    ("lasting longer than", "gt"), ("last more than", "gt"), ("last longer than", "gt"), ("lasted over", "gt"),
    ("lasted less than", "lt"), ("lasted shorter than", "lt"), ("lasting less than", "lt"),
    ("lasted at least", "ge"), ("lasting at least", "ge"), ("lasted at most", "le"), ("lasting at most", "le"),
    ("dauerten länger als", "gt"), ("dauerte länger als", "gt"), ("dauerten mehr als", "gt"),
    ("dauerte mehr als", "gt"), ("dauern länger als", "gt"), ("dauert länger als", "gt"),
    ("dauerten kürzer als", "lt"), ("dauerte kürzer als", "lt"), ("dauerten weniger als", "lt"),
    ("dauerten mindestens", "ge"), ("dauerte mindestens", "ge"), ("dauerten höchstens", "le"),
    ("持续超过", "gt"), ("持续了超过", "gt"), ("持续少于", "lt"), ("持续不到", "lt"), ("持续至少", "ge"),
):
    COMPARATIVES[_phrase] = (_DURATION, _op)
for _word, _way in (("longest", "max"), ("längst*", "max"), ("最长", "max"), ("shortest", "min"), ("kürzest*", "min"),
                    ("最短", "min")):
    # with no such column: the keyword (max, min) alone; never "length" (flipper_length_mm is measured, not lasted)
    SUPERLATIVES.setdefault(_word, (("duration", "dauer", "los"), _way))

# Words for what a table's rows are (German, Chinese) → English words matched against the table's name.
# Table names' abbreviations for what a row is ("root_cas": certificate authorities' certificates).
TABLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "ca": ("certificate", "certificates", "cert", "certs", "authority", "authorities"),
    "cas": ("certificate", "certificates", "cert", "certs", "authority", "authorities"),
    "cpu": ("architecture", "architectures", "processor", "processors"),
    "cpus": ("architecture", "architectures", "processor", "processors"),
}
ENTITY_TERMS: dict[str, tuple[str, ...]] = {
    "zertifikat": ("certificate",), "zertifikate": ("certificate",), "zertifikaten": ("certificate",),
    "zertifikats": ("certificate",), "证书": ("certificate",), "根证书": ("certificate",),
    "pinguine": ("penguin", "penguins"), "pinguinen": ("penguin", "penguins"), "pinguin": ("penguin", "penguins"),
    "企鹅": ("penguin", "penguins"), "flüge": ("flight", "flights"), "flügen": ("flight", "flights"),
    "flug": ("flight", "flights"), "航班": ("flight", "flights"), "autos": ("car", "cars"), "auto": ("car", "cars"),
    "wagen": ("car", "cars"), "fahrzeuge": ("car", "cars"), "汽车": ("car", "cars"), "车": ("car", "cars"),
    "车辆": ("car", "cars"), "weine": ("wine",), "wein": ("wine",), "葡萄酒": ("wine",), "酒": ("wine",),
    "flughafen": ("airport", "airports"), "flughäfen": ("airport", "airports"), "flughäfens": ("airport",),
    "staaten": ("state", "states"), "länder": ("country", "countries"), "firmen": ("firm", "firms"),
    "unternehmen": ("firm", "firms", "company"), "firma": ("firm", "firms"), "公司": ("firm", "firms", "company"),
    "sturm": ("storm", "storms"), "stürme": ("storm", "storms"), "风暴": ("storm", "storms"),
    "flowers": ("iris",), "flower": ("iris",), "blumen": ("iris",), "blüten": ("iris",), "花": ("iris",),
    "konten": ("account",), "konto": ("account",), "kontos": ("account",), "benutzerkonten": ("account",),
    "systemkonten": ("account",), "账户": ("account",), "帐户": ("account",), "账号": ("account",),
    "系统账户": ("account",), "architekturen": ("architecture",), "architektur": ("architecture",),
    "架构": ("architecture",), "prozessoren": ("processor",), "prozessor": ("processor",), "处理器": ("processor",),
    "regeln": ("rule",), "regel": ("rule",),
}

# Words for data values: matched only against values the column really has.
VALUE_TERMS: dict[str, tuple[str, ...]] = {
    "männlich*": ("male", "m"), "männchen": ("male", "m"), "weiblich*": ("female", "f"), "weibchen": ("female", "f"),
    "雄性": ("male", "m"), "雄": ("male", "m"), "男性": ("male", "m"), "男": ("male", "m"), "雌性": ("female", "f"),
    "雌": ("female", "f"), "女性": ("female", "f"), "女": ("female", "f"), "males": ("male",), "females": ("female",),
    "men": ("male",), "women": ("female",), "frauen": ("female", "f"), "männer": ("male", "m"),
    "mädchen": ("female", "f"), "妇女": ("female", "f"),
    "regen": ("rain",), "sonne": ("sun",), "schnee": ("snow",),
    "nebel": ("fog",), "niesel*": ("drizzle",), "下雨": ("rain",), "雨天": ("rain",), "雨": ("rain",),
    "晴天": ("sun",), "晴": ("sun",), "雪": ("snow",), "雾": ("fog",), "毛毛雨": ("drizzle",), "rainy": ("rain",),
    "sunny": ("sun",), "snowy": ("snow",), "foggy": ("fog",),
    "飓风": ("hurricane",), "hurrikan*": ("hurricane",), "tropensturm": ("tropical storm",),
    "schwarze": ("black",), "schwarzen": ("black",), "黑人": ("black",), "weiße": ("white",), "白人": ("white",),
    "erneuerbar*": ("renewables",), "可再生能源": ("renewables",), "fossil*": ("fossil fuels",),
    "化石燃料": ("fossil fuels",), "核能": ("nuclear energy",), "kernenergie": ("nuclear energy",),
    "热带风暴": ("tropical storm",), "热带低压": ("tropical depression",),
    "小端": ("little",), "小端序": ("little",), "大端": ("big",), "大端序": ("big",),
}

MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9,
    "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "januar": 1, "februar": 2, "märz": 3, "maerz": 3,
    "mai": 5, "juni": 6, "juli": 7, "oktober": 10, "dezember": 12,
}

NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "zwanzig": 20, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "十": 10, "二十": 20,
}

# A Chinese number word counts only before one of these counters or after 前/后 (一天 is "a day").
CJK_COUNTERS = "个只辆位名家种条行台所座部款项架艘"
# "哪台仪器", "哪家公司", "哪位": which, with the classifier of what is asked for (never a word of its own).
KEYWORDS["which"] = KEYWORDS["which"] + tuple(f"哪{c}" for c in CJK_COUNTERS if f"哪{c}" not in KEYWORDS["which"])

# Column-name abbreviations spelled out, so "arrival delay" finds arr_delay.
ABBREVIATIONS: dict[str, str] = {
    "arr": "arrival", "dep": "departure", "temp": "temperature", "precip": "precipitation", "humid": "humidity",
    "visib": "visibility", "dest": "destination", "educ": "education", "unemp": "unemployment", "pop": "population",
    "yrs": "years", "dewp": "dewpoint", "dir": "direction", "pct": "percent", "qty": "quantity", "amt": "amount",
    "avg": "average", "num": "number", "no": "number", "desc": "description", "addr": "address",
    "hwy": "highway", "cty": "city", "drv": "drive", "cyl": "cylinders", "lat": "latitude", "lon": "longitude",
    "lng": "longitude", "displ": "displacement", "trans": "transmission", "mfr": "manufacturer",
    "qtr": "quarter", "yr": "year", "mo": "month", "wt": "weight", "ht": "height", "elev": "elevation",
    "pce": "consumption", "alt": "altitude", "psavert": "savings rate", "uempmed": "unemployment duration",
    "uid": "user id", "gid": "group id", "pid": "process id", "tld": "top level domain",
}

# Unit suffixes dropped from column names: body_mass_g is "body mass".
UNITS = {
    "cm", "eur", "g", "in", "kg", "km", "lb", "lbs", "m", "mm", "ms", "pct", "usd",
}

# Words that never name a column on their own (they would match every "..._length").
GENERIC = {
    "a", "an", "and", "at", "by", "count", "data", "for", "id", "in", "is", "max", "mean", "min", "name", "no",
    "number", "of", "on", "per", "rate", "sum", "the", "to", "total", "type", "value", "values",
}
# German → English for common analysis vocabulary (money, trade, goods, people, places, time,
# work, health, society, measures), used to link German words and the parts of German
# compounds to English column names (Kupferpreis → copper price → `COPPERPRICE`). Base forms;
# inflection endings and compound joints are handled by the linker.
GERMAN_ENGLISH: dict[str, tuple[str, ...]] = {
    # kinds and parts of a table's rows
    "gruppe": ("group",), "klasse": ("class",), "kategorie": ("category",), "zeichen": ("character", "sign"),
    "sprache": ("language",), "schrift": ("script",), "glyphe": ("glyph",),
    "änderung": ("change", "changes"), "änderungen": ("changes", "change"), "meldung": ("message", "messages"),
    "meldungen": ("messages", "message"), "nachricht": ("message", "messages"), "nachrichten": ("messages", "message"),
    "datei": ("file",), "dateien": ("files", "file"),
    # money and trade
    "preis": ("price",), "kosten": ("cost",), "lohn": ("wage",), "löhne": ("wages", "wage"), "gehalt": ("salary",),
    "einkommen": ("income",), "umsatz": ("sales", "revenue"), "gewinn": ("profit",), "verlust": ("loss",),
    "steuer": ("tax",), "schulden": ("debt",), "zins": ("interest",), "zinsen": ("interest",),
    "ausgaben": ("expenditure", "spending"), "einnahmen": ("revenue",), "verbrauch": ("consumption",),
    "konsum": ("consumption",), "produktion": ("production",), "erzeugung": ("generation", "production"),
    "handel": ("trade",), "export": ("exports",), "import": ("imports",), "bestand": ("inventory", "stock"),
    "lager": ("inventory",), "lagerbestand": ("inventory",), "index": ("index",), "wert": ("value",),
    "betrag": ("amount",), "menge": ("quantity", "amount"), "nachfrage": ("demand",), "angebot": ("supply",),
    "wachstum": ("growth",), "inflation": ("inflation",), "haushalt": ("household", "budget"),
    # goods and materials
    "kupfer": ("copper",), "aluminium": ("aluminum", "alum"), "eisen": ("iron",), "stahl": ("steel",),
    "gold": ("gold",), "silber": ("silver",), "öl": ("oil",), "erdöl": ("oil",), "gas": ("gas",),
    "kohle": ("coal",), "strom": ("electricity", "power"), "energie": ("energy",), "weizen": ("wheat",),
    "mais": ("corn", "maize"), "reis": ("rice",), "zucker": ("sugar",), "kaffee": ("coffee",), "milch": ("milk",),
    "wasser": ("water",), "holz": ("wood", "timber"),
    # people and society
    "person": ("person",), "personen": ("persons", "people"), "mensch": ("person",), "menschen": ("people",),
    "einwohner": ("population", "inhabitants"), "bevölkerung": ("population",), "frau": ("woman", "female"),
    "frauen": ("women", "female"), "mann": ("man", "male"), "männer": ("men", "male"), "kind": ("child",),
    "kinder": ("children",), "weiß": ("white",), "weiße": ("white",), "schwarz": ("black",),
    "schwarze": ("black",), "mitglied": ("member",), "mitglieder": ("members",), "personal": ("staff",),
    "mitarbeiter": ("staff", "employees"), "beschäftigte": ("employees", "employment"),
    "beschäftigung": ("employment",), "arbeitslosigkeit": ("unemployment",), "arbeitslose": ("unemployed",),
    "armut": ("poverty",), "bildung": ("education",), "abschluss": ("degree",), "hochschulabschluss": ("degree",),
    "geburt": ("birth",), "tod": ("death",), "todesfall": ("death",), "tote": ("deaths", "dead"),
    "krankheit": ("disease",), "wunde": ("wound",), "verwundung": ("wounds", "wound"), "verletzung": ("injury",),
    "patient": ("patient",), "alter": ("age",), "stimme": ("vote",), "stimmen": ("votes", "vote"),
    "wähler": ("voters",), "wahl": ("election", "vote"), "verbrechen": ("crime",), "kriminalität": ("crime",),
    "gewalt": ("violent", "violence"), "gewaltverbrechen": ("violent crime",), "mord": ("murder",),
    "hinrichtung": ("execution",), "todesstrafe": ("death penalty",), "gesetz": ("law", "bill"),
    "gesetzentwurf": ("bill",), "ausschuss": ("committee",), "unterausschuss": ("subcommittee",),
    "kongress": ("congress",), "schule": ("school",), "schüler": ("students", "pupils"), "student": ("student",),
    # places
    "welt": ("world",), "land": ("country",), "staat": ("state",), "bundesstaat": ("state",),
    "stadt": ("city",), "bezirk": ("district",), "region": ("region",), "gebiet": ("area", "region"),
    "süden": ("south",), "norden": ("north",), "osten": ("east",), "westen": ("west",),
    # work and industry
    "industrie": ("industry", "manufacturing"), "herstellung": ("manufacturing",), "bau": ("construction",),
    "baugewerbe": ("construction",), "bergbau": ("mining",), "landwirtschaft": ("agriculture", "farm"),
    "dienstleistung": ("services",), "regierung": ("government",), "verkehr": ("transportation",),
    "arbeit": ("work", "labor"), "arbeitskraft": ("labor",),
    # measures and statistics
    "quote": ("rate",), "rate": ("rate",), "anteil": ("share", "percent"), "prozent": ("percent",),
    "zahl": ("number",), "größe": ("size",), "höhe": ("height",), "länge": ("length",), "breite": ("width",),
    "gewicht": ("weight",), "dauer": ("duration",), "geschwindigkeit": ("speed",), "fläche": ("area",),
    "temperatur": ("temperature",), "niederschlag": ("precipitation",), "radius": ("radius",),
    "jahr": ("year",), "monat": ("month",), "tag": ("day",), "woche": ("week",), "stunde": ("hour",),
    "zeit": ("time",), "zone": ("zone",), "flugzeug": ("plane", "aircraft", "airplane"),
    "sitz": ("seat",), "sitzplatz": ("seats", "seat"), "platz": ("seat", "place"), "motor": ("engine",),
    "triebwerk": ("engine",), "hersteller": ("manufacturer", "vendor", "maker"), "baujahr": ("year",),
    "modus": ("mode",),
    "überlebenszeit": ("survival",), "überleben": ("survival",), "krebs": ("cancer",),
    "raucher": ("smokers", "smoking"), "gewichte": ("weight",), "wartezeit": ("waiting time", "wait"),
    "reisezeit": ("travel time",),
    # travel and passengers
    "passagier": ("passenger",), "fahrgast": ("passenger",), "fahrgäste": ("passengers", "passenger"),
    "reisende": ("travellers", "passengers"), "hafen": ("port", "harbour"), "abfahrtshafen": ("port", "embarked"),
    "einschiffung": ("embarkation", "embarked"), "boot": ("boat",), "rettungsboot": ("lifeboat", "boat"),
    "schiff": ("ship",), "fahrkarte": ("ticket",), "ticket": ("ticket",), "fahrschein": ("ticket",),
    "fahrpreis": ("fare",), "ticketpreis": ("fare",), "kabine": ("cabin",), "besatzung": ("crew",),
    "überlebende": ("survivors", "survived"), "überlebender": ("survivor", "survived"),
    "überlebten": ("survived",), "überlebte": ("survived",), "überlebt": ("survived",),
    "geschwister": ("siblings",), "ehepartner": ("spouse",), "eltern": ("parents",), "ziel": ("destination",),
    "heimat": ("home",), "wohnort": ("home", "residence"), "leiche": ("body",), "ankunft": ("arrival",),
    "abflug": ("departure",), "abfahrt": ("departure",), "verspätung": ("delay",), "strecke": ("distance", "route"),
    "entfernung": ("distance",),
    # animals and living things
    "tier": ("animal",), "tiere": ("animals", "animal"), "säugetier": ("mammal",), "vogel": ("bird",),
    "vögel": ("birds", "bird"), "fisch": ("fish",), "insekt": ("insect",), "reptil": ("reptile",),
    "amphibie": ("amphibian",), "raubtier": ("predator",), "jäger": ("predator", "hunter"), "bein": ("legs", "leg"),
    "beine": ("legs",), "zahn": ("teeth", "toothed", "tooth"), "zähne": ("teeth", "toothed"),
    "feder": ("feathers", "feather"), "federn": ("feathers",), "haar": ("hair",), "haare": ("hair",),
    "fell": ("hair", "fur"), "ei": ("eggs",), "eier": ("eggs",), "schwanz": ("tail",), "flosse": ("fins", "fin"),
    "flossen": ("fins",), "wirbelsäule": ("backbone",), "rückgrat": ("backbone",), "gift": ("venomous", "venom"),
    "giftig": ("venomous", "poisonous"), "flugfähig": ("airborne",), "wasserlebend": ("aquatic",),
    "haustier": ("domestic", "pet"), "art": ("species",), "gattung": ("genus",), "pflanze": ("plant",),
    "baum": ("tree",), "blatt": ("leaf",), "blüte": ("flower",),
    # machines and computing
    "rechner": ("computer", "machine"), "computer": ("computer",), "maschine": ("machine",),
    "gerät": ("device",), "modell": ("model",),
    "anbieter": ("vendor", "provider"), "speicher": ("memory", "storage"), "arbeitsspeicher": ("memory",),
    "zwischenspeicher": ("cache",), "kanal": ("channel",), "kanäle": ("channels",), "leistung": ("performance",),
    "zykluszeit": ("cycle time",), "taktzeit": ("cycle time",), "prozessor": ("processor", "cpu"),
    # science and materials
    "probe": ("sample",), "messung": ("measurement",), "brechungsindex": ("refractive index",),
    "natrium": ("sodium",), "magnesium": ("magnesium",), "kalium": ("potassium",), "kalzium": ("calcium",),
    "calcium": ("calcium",), "silizium": ("silicon",), "barium": ("barium",), "glas": ("glass",),
    "konzentration": ("concentration",),
    "vorhersage": ("forecast", "prediction", "predict"), "prognose": ("forecast", "prediction", "predict"),
    "standardfehler": ("standard error", "std err"), "fehler": ("error",), "untergrenze": ("lower",),
    "obergrenze": ("upper",), "quartal": ("quarter",),
}
# fmt: on

# Names of punctuation marks a column may hold as values (a decimal separator, a delimiter).
PUNCT_NAMES: dict[str, str] = {
    "comma": ",", "commas": ",", "komma": ",", "kommas": ",", "逗号": ",",
    "dot": ".", "period": ".", "full stop": ".", "punkt": ".", "句号": ".", "句点": ".",
    "semicolon": ";", "semikolon": ";", "分号": ";", "colon": ":", "doppelpunkt": ":", "冒号": ":",
    "space": " ", "leerzeichen": " ", "空格": " ", "slash": "/", "schrägstrich": "/", "斜杠": "/",
    "hyphen": "-", "bindestrich": "-", "连字符": "-", "underscore": "_", "unterstrich": "_", "下划线": "_",
    "apostrophe": "'", "apostroph": "'",
}  # fmt: skip
