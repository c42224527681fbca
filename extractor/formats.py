"""Format knowledge, as data, in one place: editions, tables, labels, aliases,
canonical keys and the arithmetic relations of each edition.

Everything else (locator, splitter, reconciler) reads these structures; no
other module spells a Chinese label. Keys are those of the output contract
(KEYS.md); labels and variants follow the format research (FORMATS.md).

Row labels carry their printed numbering (``1.属于国家秘密``): the locator
makes the numbering optional when it matches, but it must know it, because in
run-together text copies the item number is glued to the previous value.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property


@dataclass(frozen=True)
class RowSpec:
    key: str
    label: str
    cols: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    optional: bool = False  # printed only by some reports (subtotal parents)
    decimals: tuple[str, ...] = ()  # cols that may hold a decimal amount
    signed: tuple[str, ...] = ()  # cols that may be negative (2019 本年增/减)


@dataclass(frozen=True, eq=False)
class TableSpec:
    """One standard table of one edition."""

    name: str  # output table name: active, requests, review_litigation, legacy, legacy_fj
    edition: str  # 2021, 2019, legacy
    variant: str  # a name for this layout, used in edition detection and flags
    rows: tuple[RowSpec, ...]
    col_labels: dict[str, str]  # col key -> official header label
    signatures: tuple[str, ...]  # labels that only this layout prints
    noise: tuple[str, ...] = ()  # captions, headers, notes: text inside the table that is no row
    header_cols: dict[str, tuple[str, ...]] = field(default_factory=dict)  # col key -> header words
    flat: bool = False  # values printed as one run after the header (table 四)
    gte: tuple[tuple[str, str], ...] = ()  # (big, small) col pairs that must hold big >= small

    def row(self, key: str) -> RowSpec:
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, RowSpec]:
        return {r.key: r for r in self.rows}

    @property
    def cells(self) -> list[tuple[str, str]]:
        return [(r.key, c) for r in self.rows if not r.optional for c in r.cols]


# ---------------------------------------------------------------- table 二 active
_ACT21 = ("issued", "repealed", "in_force")
_ACT19 = ("made", "published", "total_published")
_ITEMS = ("prev_items", "change", "decisions")

ACTIVE_2021 = TableSpec(
    name="active", edition="2021", variant="active-2021",
    rows=(
        RowSpec("regulations", "规章", _ACT21),
        RowSpec("normative_docs", "行政规范性文件", _ACT21, aliases=("规范性文件",)),
        RowSpec("licensing", "行政许可", ("decisions",)),
        RowSpec("penalty", "行政处罚", ("decisions",)),
        RowSpec("enforcement", "行政强制", ("decisions",)),
        RowSpec("fees", "行政事业性收费", ("amount",), decimals=("amount",)),
    ),
    col_labels={"issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数",
                "decisions": "本年处理决定数量", "amount": "本年收费金额（单位：万元）"},
    signatures=("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"),
    noise=("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "信息内容",
           "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量",
           "本年收费金额（单位：万元，保留4位小数）", "本年收费金额（单位：万元，保留四位小数）",
           "本年收费金额（单位：万元）", "本年收费金额"),
)

ACTIVE_2019 = TableSpec(
    name="active", edition="2019", variant="active-2019",
    rows=(
        RowSpec("regulations", "规章", _ACT19),
        RowSpec("normative_docs", "规范性文件", _ACT19, aliases=("行政规范性文件",)),
        RowSpec("licensing", "行政许可", _ITEMS, signed=("change",)),
        RowSpec("other_services", "其他对外管理服务事项", _ITEMS, signed=("change",)),
        RowSpec("penalty", "行政处罚", _ITEMS, signed=("change",)),
        RowSpec("enforcement", "行政强制", _ITEMS, signed=("change",)),
        RowSpec("fees", "行政事业性收费", ("prev_items", "change"), signed=("change",)),
        RowSpec("procurement", "政府集中采购", ("projects", "amount"), decimals=("amount",)),
    ),
    col_labels={"made": "本年新制作数量", "published": "本年新公开数量", "total_published": "对外公开总数量",
                "prev_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量",
                "projects": "采购项目数量", "amount": "采购总金额"},
    signatures=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                "其他对外管理服务事项", "第二十条第（九）项", "政府集中采购", "采购总金额"),
    noise=("第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
           "第二十条第（九）项", "信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量",
           "上一年项目数量", "本年增/减", "处理决定数量", "采购项目数量", "采购总金额"),
)

# ---------------------------------------------------------------- table 三 requests
REQ_COLS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other", "total")
_R = REQ_COLS

_DENIED = (
    RowSpec("denied.state_secret", "1.属于国家秘密", _R),
    RowSpec("denied.law_prohibited", "2.其他法律行政法规禁止公开", _R, aliases=("2.其他法律行政止公开",)),
    RowSpec("denied.security", "3.危及“三安全一稳定”", _R, aliases=("3.危及三安全一稳定",)),
    RowSpec("denied.third_party", "4.保护第三方合法权益", _R),
    RowSpec("denied.internal", "5.属于三类内部事务信息", _R),
    RowSpec("denied.process", "6.属于四类过程性信息", _R),
    RowSpec("denied.enforcement_file", "7.属于行政执法案卷", _R),
    RowSpec("denied.query", "8.属于行政查询事项", _R),
)
_UNABLE = (
    RowSpec("unable.not_held", "1.本机关不掌握相关政府信息", _R),
    RowSpec("unable.needs_creation", "2.没有现成信息需要另行制作", _R),
    RowSpec("unable.unclear", "3.补正后申请内容仍不明确", _R),
)
_NOT_PROCESSED = (
    RowSpec("not_processed.petition", "1.信访举报投诉类申请", _R),
    RowSpec("not_processed.duplicate", "2.重复申请", _R),
    RowSpec("not_processed.publication", "3.要求提供公开出版物", _R),
    RowSpec("not_processed.mass_repeat", "4.无正当理由大量反复申请", _R),
    RowSpec("not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息", _R),
)
_OTHER_2021 = (
    RowSpec("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", _R,
            aliases=("1.申请人无正当理由逾期不补正",)),
    RowSpec("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", _R,
            aliases=("2.申请人逾期未按收费通知要求缴纳费用",)),
    RowSpec("other.other", "3.其他", _R),
)


def _requests(edition: str, other_rows: tuple[RowSpec, ...], variant: str) -> TableSpec:
    single = not other_rows
    rows = (
        RowSpec("new_received", "一、本年新收政府信息公开申请数量", _R),
        RowSpec("carried_over", "二、上年结转政府信息公开申请数量", _R),
        RowSpec("granted", "（一）予以公开", _R),
        RowSpec("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", _R,
                aliases=("（二）部分公开",)),
        RowSpec("denied", "（三）不予公开", _R, optional=True),
        *_DENIED,
        RowSpec("unable", "（四）无法提供", _R, optional=True),
        *_UNABLE,
        RowSpec("not_processed", "（五）不予处理", _R, optional=True),
        *_NOT_PROCESSED,
        RowSpec("other", "（六）其他处理", _R, optional=not single, aliases=("（六）其他",)),
        *(() if single else other_rows),
        RowSpec("total", "（七）总计", _R, aliases=("（七）合计",)),
        RowSpec("carried_forward", "四、结转下年度继续办理", _R),
    )
    return TableSpec(
        name="requests", edition=edition, variant=variant, rows=rows,
        col_labels={"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
                    "social_org": "社会公益组织", "legal_service": "法律服务机构", "other": "其他",
                    "total": "总计"},
        header_cols={"natural_person": ("自然人",), "commercial": ("商业企业", "商业"),
                     "research": ("科研机构", "科研"), "social_org": ("社会公益组织", "社会组织", "社会公益"),
                     "legal_service": ("法律服务机构", "法律服务"), "other": ("其他",), "total": ("总计",)},
        signatures=("申请人无正当理由逾期不补正",) if not single else (),
        noise=("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
               "法人或其他组织", "三、本年度办理结果", "编写说明"),
    )


REQUESTS_2021 = _requests("2021", _OTHER_2021, "requests-2021")
REQUESTS_2019 = _requests("2019", (), "requests-2019")

# ---------------------------------------------------------------- table 四 review_litigation
_RL = ("upheld", "corrected", "other", "pending", "total")
REVIEW_LITIGATION = TableSpec(
    name="review_litigation", edition="2019/2021", variant="review_litigation",
    rows=(
        RowSpec("review", "行政复议", _RL),
        RowSpec("litigation_direct", "未经复议直接起诉", _RL),
        RowSpec("litigation_after_review", "复议后起诉", _RL),
    ),
    col_labels={"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                "total": "总计"},
    signatures=("未经复议直接起诉", "复议后起诉"),
    noise=("行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
           "未经复议直接起诉", "复议后起诉"),
    flat=True,
)

# ---------------------------------------------------------------- legacy 统计表 (国办发〔2014〕32号)
_V = ("value",)


def _lg(key: str, label: str, *aliases: str, header: bool = False) -> RowSpec:
    return RowSpec(key, label, () if header else _V, aliases=aliases, decimals=_V)


LEGACY = TableSpec(
    name="legacy", edition="legacy", variant="legacy-national",
    rows=(
        _lg("1", "一、主动公开情况", header=True),
        _lg("1.1", "（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "（一）主动公开政府信息数"),
        _lg("1.1.a", "其中：主动公开规范性文件数", "主动公开规范性文件数"),
        _lg("1.1.b", "制发规范性文件总数"),
        _lg("1.2", "（二）通过不同渠道和方式公开政府信息的情况", header=True),
        _lg("1.2.1", "1.政府公报公开政府信息数"),
        _lg("1.2.2", "2.政府网站公开政府信息数"),
        _lg("1.2.3", "3.政务微博公开政府信息数"),
        _lg("1.2.4", "4.政务微信公开政府信息数"),
        _lg("1.2.5", "5.其他方式公开政府信息数"),
        _lg("2", "二、回应解读情况", header=True),
        _lg("2.1", "（一）回应公众关注热点或重大舆情数（不同方式回应同一热点或舆情计1次）",
            "（一）回应公众关注热点或重大舆情数"),
        _lg("2.2", "（二）通过不同渠道和方式回应解读的情况", header=True),
        _lg("2.2.1", "1.参加或举办新闻发布会总次数"),
        _lg("2.2.1.a", "其中：主要负责同志参加新闻发布会次数", "主要负责同志参加新闻发布会次数"),
        _lg("2.2.2", "2.政府网站在线访谈次数"),
        _lg("2.2.2.a", "其中：主要负责同志参加政府网站在线访谈次数", "主要负责同志参加政府网站在线访谈次数"),
        _lg("2.2.3", "3.政策解读稿件发布数"),
        _lg("2.2.4", "4.微博微信回应事件数"),
        _lg("2.2.5", "5.其他方式回应事件数"),
        _lg("3", "三、依申请公开情况", header=True),
        _lg("3.1", "（一）收到申请数"),
        _lg("3.1.1", "1.当面申请数"),
        _lg("3.1.2", "2.传真申请数"),
        _lg("3.1.3", "3.网络申请数", "3.网上申请数"),
        _lg("3.1.4", "4.信函申请数"),
        _lg("3.2", "（二）申请办结数"),
        _lg("3.2.1", "1.按时办结数"),
        _lg("3.2.2", "2.延期办结数"),
        _lg("3.3", "（三）申请答复数"),
        _lg("3.3.1", "1.属于已主动公开范围数"),
        _lg("3.3.2", "2.同意公开答复数"),
        _lg("3.3.3", "3.同意部分公开答复数"),
        _lg("3.3.4", "4.不同意公开答复数"),
        _lg("3.3.4.a", "其中：涉及国家秘密", "涉及国家秘密"),
        _lg("3.3.4.b", "涉及商业秘密"),
        _lg("3.3.4.c", "涉及个人隐私"),
        _lg("3.3.4.d", "危及国家安全、公共安全、经济安全和社会稳定"),
        _lg("3.3.4.e", "不是《条例》所指政府信息"),
        _lg("3.3.4.f", "法律法规规定的其他情形"),
        _lg("3.3.5", "5.不属于本行政机关公开", "5.不属于本行政机关公开数"),
        _lg("3.3.6", "6.申请信息不存在", "6.申请信息不存在数"),
        _lg("3.3.7", "7.告知作出更改补充", "7.告知作出更改补充数"),
        _lg("3.3.8", "8.告知通过其他途径办理", "8.告知通过其他途径办理数"),
        _lg("4", "四、行政复议数量"),
        _lg("4.1", "（一）维持具体行政行为数"),
        _lg("4.2", "（二）被依法纠错数"),
        _lg("4.3", "（三）其他情形数"),
        _lg("5", "五、行政诉讼数量"),
        _lg("5.1", "（一）维持具体行政行为或者驳回原告诉讼请求数"),
        _lg("5.2", "（二）被依法纠错数"),
        _lg("5.3", "（三）其他情形数"),
        _lg("6", "六、举报投诉数量"),
        _lg("7", "七、依申请公开信息收取的费用"),
        _lg("8", "八、机构建设和保障经费情况", header=True),
        _lg("8.1", "（一）政府信息公开工作专门机构数"),
        _lg("8.2", "（二）设置政府信息公开查阅点数"),
        _lg("8.3", "（三）从事政府信息公开工作人员数"),
        _lg("8.3.1", "1.专职人员数（不包括政府公报及政府网站工作人员数）", "1.专职人员数"),
        _lg("8.3.2", "2.兼职人员数"),
        _lg("8.4", "（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）",
            "（四）政府信息公开专项经费"),
        _lg("9", "九、政府信息公开会议和培训情况", header=True),
        _lg("9.1", "（一）召开政府信息公开工作会议或专题会议数"),
        _lg("9.2", "（二）举办各类培训班数"),
        _lg("9.3", "（三）接受培训人员数"),
    ),
    col_labels={"value": "统计数"},
    signatures=("统计指标", "主动公开政府信息数", "回应解读情况", "举报投诉数量"),
    noise=("统计指标", "单位", "统计数", "序号"),
)

# ---------------------------------------------------------------- Fujian legacy table
_FJ = ("value", "cumulative")


def _fj(key: str, label: str, *aliases: str) -> RowSpec:
    return RowSpec(key, label, _FJ, aliases=aliases)


LEGACY_FJ = TableSpec(
    name="legacy_fj", edition="legacy", variant="legacy-fujian",
    rows=(
        _fj("1", "主动公开文件数"),
        _fj("1.1", "其中：1.政府网站公开数", "1.政府网站公开数", "其中：政府网站公开数"),
        _fj("1.2", "2.政府公报公开数"),
        _fj("2", "受理依申请公开信息总数", "受理政府信息依申请公开总数"),
        _fj("2.1", "其中：1.当面申请数", "1.当面申请数", "其中：当面申请数"),
        _fj("2.2", "2.网上申请数"),
        _fj("2.3", "3.信函、传真申请数"),
        _fj("3", "对申请的答复总数"),
        _fj("3.1", "其中：1.同意公开答复数", "1.同意公开答复数", "其中：同意公开答复数"),
        _fj("3.2", "2.同意部分公开答复数"),
        _fj("3.3", "3.不予公开答复数"),
        _fj("3.4", "4.其他类型答复数"),
        _fj("4", "政府信息公开收费减免金额"),
        _fj("5", "接受行政诉讼、举报数"),
        _fj("6", "行政复议数"),
        _fj("7", "行政诉讼数"),
    ),
    col_labels={"value": "本年度", "cumulative": "历年累计"},
    signatures=("历年累计", "主动公开文件数", "受理依申请公开信息总数", "对申请的答复总数"),
    noise=("指标名称", "计量单位", "历年累计"),
    gte=(("cumulative", "value"),),
)

TABLES: tuple[TableSpec, ...] = (ACTIVE_2021, ACTIVE_2019, REQUESTS_2021, REQUESTS_2019, REVIEW_LITIGATION,
                                 LEGACY, LEGACY_FJ)

# Units printed inside the cells of the legacy tables (the 计量单位 column); they are metadata.
UNIT_WORDS = ("条", "件", "个", "次", "篇", "人次", "人", "万元", "元")

# ---------------------------------------------------------------- relations
# Each relation holds for every instance of its scope: {c} = every col, {r} = every row,
# {g} = every group row of table 四. `severity` error = a reconcile flag when broken.


@dataclass(frozen=True)
class Relation:
    id: str
    table: str
    expr: str
    editions: tuple[str, ...] = ()  # layout variants it applies to; () = all
    severity: str = "error"
    note: str = ""


_OUTCOMES = ("granted + partial + denied.state_secret + denied.law_prohibited + denied.security + "
             "denied.third_party + denied.internal + denied.process + denied.enforcement_file + denied.query + "
             "unable.not_held + unable.needs_creation + unable.unclear + not_processed.petition + "
             "not_processed.duplicate + not_processed.publication + not_processed.mass_repeat + "
             "not_processed.confirm")


def _cols(expr: str) -> str:
    return " ".join(t + "|{c}" if re.fullmatch(r"[a-z_.]+", t) else t for t in expr.split())


RELATIONS: tuple[Relation, ...] = (
    Relation("REQ-1", "requests", "new_received|{c} + carried_over|{c} == total|{c} + carried_forward|{c}",
             note="official: 第一项加第二项之和，等于第三项加第四项之和"),
    Relation("REQ-2a", "requests",
             _cols(f"total == {_OUTCOMES} + other.no_correction + other.no_fee + other.other"),
             editions=("requests-2021",)),
    Relation("REQ-2b", "requests", _cols(f"total == {_OUTCOMES} + other"), editions=("requests-2019",)),
    Relation("REQ-3", "requests",
             "{r}|total == {r}|natural_person + {r}|commercial + {r}|research + {r}|social_org + "
             "{r}|legal_service + {r}|other"),
    Relation("REQ-4a", "requests", _cols("denied == denied.state_secret + denied.law_prohibited + denied.security + "
                                         "denied.third_party + denied.internal + denied.process + "
                                         "denied.enforcement_file + denied.query")),
    Relation("REQ-4b", "requests", _cols("unable == unable.not_held + unable.needs_creation + unable.unclear")),
    Relation("REQ-4c", "requests", _cols("not_processed == not_processed.petition + not_processed.duplicate + "
                                         "not_processed.publication + not_processed.mass_repeat + "
                                         "not_processed.confirm")),
    Relation("REQ-4d", "requests", _cols("other == other.no_correction + other.no_fee + other.other"),
             editions=("requests-2021",)),
    Relation("RL-1", "review_litigation", "{g}|total == {g}|upheld + {g}|corrected + {g}|other + {g}|pending"),
    Relation("ACT-2", "active", "{x}|published <= {x}|total_published", editions=("active-2019",), severity="warn"),
    Relation("LG-1", "legacy", "3.1 == 3.1.1 + 3.1.2 + 3.1.3 + 3.1.4"),
    Relation("LG-2", "legacy", "3.2 == 3.2.1 + 3.2.2"),
    Relation("LG-3", "legacy", "3.3 == 3.3.1 + 3.3.2 + 3.3.3 + 3.3.4 + 3.3.5 + 3.3.6 + 3.3.7 + 3.3.8"),
    Relation("LG-4", "legacy", "3.3.4.a + 3.3.4.b + 3.3.4.c + 3.3.4.d + 3.3.4.e + 3.3.4.f <= 3.3.4"),
    Relation("LG-5", "legacy", "4 == 4.1 + 4.2 + 4.3"),
    Relation("LG-6", "legacy", "5 == 5.1 + 5.2 + 5.3"),
    Relation("LG-7", "legacy", "8.3 == 8.3.1 + 8.3.2"),
    Relation("LG-8a", "legacy", "1.1.a <= 1.1"),
    Relation("LG-8b", "legacy", "2.2.1.a <= 2.2.1"),
    Relation("LG-8c", "legacy", "2.2.2.a <= 2.2.2"),
    Relation("LG-9", "legacy", "1.1 <= 1.2.1 + 1.2.2 + 1.2.3 + 1.2.4 + 1.2.5", severity="warn"),
    Relation("FJ-1", "legacy_fj", "1|{c} == 1.1|{c} + 1.2|{c}"),
    Relation("FJ-2", "legacy_fj", "2|{c} == 2.1|{c} + 2.2|{c} + 2.3|{c}"),
    Relation("FJ-3", "legacy_fj", "3|{c} == 3.1|{c} + 3.2|{c} + 3.3|{c} + 3.4|{c}"),
)


@dataclass(frozen=True)
class Check:
    """One instance of a relation: lhs op rhs over concrete cell keys (row, col)."""

    rule: str
    table: str
    lhs: tuple[tuple[str, str], ...]
    op: str
    rhs: tuple[tuple[str, str], ...]
    severity: str

    @property
    def cells(self) -> tuple[tuple[str, str], ...]:
        return self.lhs + self.rhs

    def holds(self, a: float, b: float) -> bool:
        """Does ``a OP b`` hold, for the sums of the two sides (a tolerance for decimals)?"""
        if self.op == "==":
            return math.isclose(a, b, abs_tol=1e-6)
        return a <= b + 1e-6 if self.op == "<=" else a >= b - 1e-6


def _side(s: str, default_col: str) -> tuple[tuple[str, str], ...]:
    out = []
    for t in s.split("+"):
        t = t.strip()
        row, _, col = t.partition("|")
        out.append((row, col or default_col))
    return tuple(out)


@cache
def checks(spec: TableSpec, present_rows: frozenset[str]) -> tuple[Check, ...]:
    """The relation instances that apply to a located table.

    A relation needing an optional row (a subtotal parent) applies only when
    the report prints that row.
    """
    out: list[Check] = []
    all_cols = sorted({c for r in spec.rows for c in r.cols}, key=lambda c: list(spec.col_labels).index(c)
                      if c in spec.col_labels else 99)
    for rel in RELATIONS:
        if rel.table != spec.name or (rel.editions and spec.variant not in rel.editions):
            continue
        scopes: list[dict[str, str]] = [{}]
        if "{c}" in rel.expr:
            scopes = [{"{c}": c} for c in all_cols]
        elif "{r}" in rel.expr:
            scopes = [{"{r}": r.key} for r in spec.rows if r.key in present_rows]
        elif "{g}" in rel.expr:
            scopes = [{"{g}": r.key} for r in spec.rows]
        elif "{x}" in rel.expr:
            scopes = [{"{x}": r} for r in ("regulations", "normative_docs")]
        for sc in scopes:
            e = rel.expr
            for k, v in sc.items():
                e = e.replace(k, v)
            m = re.match(r"(.+?)(==|<=|>=)(.+)", e)
            assert m, rel.expr
            lhs, rhs = _side(m.group(1), "value"), _side(m.group(3), "value")
            rows = {r for r, _ in lhs + rhs}
            optional = {r.key for r in spec.rows if r.optional}
            if rows & optional - present_rows or not rows <= {r.key for r in spec.rows}:
                continue
            # a relation over rows the table never printed at all checks nothing
            if not rows & present_rows:
                continue
            out.append(Check(rel.id, spec.name, lhs, m.group(2), rhs, rel.severity))
    return tuple(out)


# ---------------------------------------------------------------- narrative statements
# Sentences of the report's prose that state a table's number; used only to
# choose among the splits of run-together cells, never to overwrite a cell.
NARRATIVE: tuple[tuple[str, str, str, str], ...] = (
    # (regex with one number group, table, row, col)
    (r"主动公开(?:政府)?信息(?:共)?(\d+)条", "legacy", "1.1", "value"),
    (r"主动公开(?:政府)?信息(?:共)?(\d+)条", "legacy_fj", "1", "value"),
    (r"主动公开规范性文件(\d+)条", "legacy", "1.1.a", "value"),
    (r"(?:受理|收到)(?:政府信息公开|依申请公开)?申请(?:共)?(\d+)件", "legacy", "3.1", "value"),
    (r"(?:受理|收到)(?:政府信息公开|依申请公开)?申请(?:共)?(\d+)件", "legacy_fj", "2", "value"),
    (r"申请行政复议(\d+)件", "legacy", "4", "value"),
    (r"制发(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件", "active", "normative_docs", "issued"),
    (r"制发(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件", "active", "normative_docs", "made"),
    (r"现行有效(?:的)?(?:行政)?规范性文件(?:共)?(\d+)件", "active", "normative_docs", "in_force"),
    (r"行政处罚决定(\d+)件", "active", "penalty", "decisions"),
    (r"行政许可决定(\d+)件", "active", "licensing", "decisions"),
    (r"(?:新收|受理|收到)政府信息公开申请(\d+)件", "requests", "new_received", "total"),
    (r"上年结转(\d+)件", "requests", "carried_over", "total"),
    (r"结转下年度继续办理(\d+)件", "requests", "carried_forward", "total"),
    (r"办理政府信息公开申请(\d+)件", "requests", "total", "total"),
    (r"其中予以公开(\d+)件", "requests", "granted", "total"),
    (r"其中部分公开(\d+)件", "requests", "partial", "total"),
    (r"被申请行政复议(\d+)件", "review_litigation", "review", "total"),
)

# Report titles: 殷都区工业和信息化局2021年政府信息公开工作年度报告 -> agency, year.
# Report titles, agency first (殷都区工业和信息化局2021年…, …人民政府关于2022年度…) or year first
# (2023年北京市朝阳区财政局政府信息公开工作年度报告): 殷都区工业和信息化局, 2021.
_NAME = r"[\u4e00-\u9fff（）()·]"
TITLE_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(rf"(?P<agency>{_NAME}{{2,60}}?)(?:关于)?(?P<year>20\d\d|19\d\d)年度?政府信息公开(?:工作)?年度?报告"),
    re.compile(rf"(?P<year>20\d\d|19\d\d)年度?(?P<agency>{_NAME}{{2,60}}?)政府信息公开(?:工作)?年度?报告"),
    re.compile(r"(?P<year>20\d\d|19\d\d)年度?政府信息公开(?:工作)?年度?报告"),  # the agency elsewhere
)

# Section headings (folded form searched in the stream) under which each table stands;
# used to tell a table printed as an image from a report that lacks the table.
HEADINGS: dict[str, tuple[str, ...]] = {
    "active": ("主动公开政府信息情况",),
    "requests": ("收到和处理政府信息公开申请情况",),
    "review_litigation": ("政府信息公开行政复议、行政诉讼情况", "被申请行政复议提起行政诉讼情况",
                          "被申请行政复议和提起行政诉讼情况", "政府信息公开行政复议及行政诉讼情况"),
}
