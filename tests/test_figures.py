"""The figures component: quantities, qualifiers, ranges, units, measures and the traps."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.nlp import build_nlp

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TEXT = ROOT / "tests" / "fixtures" / "ref_000_simplified.txt"
REFERENCE_GOLD = ROOT / "corpus" / "000_0f9117bebd0753fc.gold.json"


@pytest.fixture(scope="session")
def nlp():
    return build_nlp(("dates", "figures"))


@pytest.fixture(scope="session")
def analyse(nlp):
    def run(text, reference_date=dt.date(2025, 2, 12), unrecoverable=()):
        doc = nlp.make_doc(text)
        doc._.reference_date = reference_date
        doc._.unrecoverable = list(unrecoverable)
        for _, component in nlp.pipeline:
            doc = component(doc)
        return doc
    return run


def figures_of(analyse, text, **kwargs):
    return {f.text: f for f in analyse(text, **kwargs)._.figures}


# sentence, figure text, value, value_max, unit, unit kind, approx
QUANTITIES = [
    ("全年实现地区生产总值1.2万亿元，同比增长5.8%。", "1.2万亿元", "1200000000000", None, "元", "currency", "exact"),
    ("全年实现地区生产总值1.2万亿元，同比增长5.8%。", "5.8%", "5.8", None, "%", "percent", "exact"),
    ("协议投资额227亿元。", "227亿元", "22700000000", None, "元", "currency", "exact"),
    ("新增就业3.5万人。", "3.5万人", "35000", None, "人", "count", "exact"),
    ("完成固定资产投资约860亿元。", "约860亿元", "86000000000", None, "元", "currency", "about"),
    ("引进项目30至50个。", "30至50个", "30", "50", "个", "count", "range"),
    ("计划投资10-20亿元。", "10-20亿元", "1000000000", "2000000000", "元", "currency", "range"),
    ("集聚企业三四十家。", "三四十家", "30", "40", "家", "count", "range"),
    ("政策期限为3至5年。", "3至5年", "3", "5", "年", "duration", "range"),
    ("单笔补助5万至10万元。", "5万至10万元", "50000", "100000", "元", "currency", "range"),
    ("利率下调3%-5%。", "3%-5%", "3", "5", "%", "percent", "range"),
    ("建成10余万平方米的科创载体。", "10余万平方米", "100000", None, "平方米", "area", "over"),
    ("融资金额超3亿元。", "超3亿元", "300000000", None, "元", "currency", "over"),
    ("受理诉求3.1万余件。", "3.1万余件", "31000", None, "件", "count", "over"),
    ("累计服务企业逾500家。", "逾500家", "500", None, "家", "count", "over"),
    ("年营收1万多元。", "1万多元", "10000", None, "元", "currency", "over"),
    ("清理完成450余亩低效用地。", "450余亩", "450", None, "亩", "area", "over"),
    ("区内有十余家上市企业。", "十余家", "10", None, "家", "count", "over"),
    ("惠及群众近2万人。", "近2万人", "20000", None, "人", "count", "about"),
    ("新增用地200亩左右。", "200亩左右", "200", None, "亩", "area", "about"),
    ("提供不少于20亿元的资金支持。", "不少于20亿元", "2000000000", None, "元", "currency", "at_least"),
    ("力争集聚企业200家以上。", "200家以上", "200", None, "家", "count", "at_least"),
    ("单个项目奖励不超过300万元。", "不超过300万元", "3000000", None, "元", "currency", "at_most"),
    ("办结时限压缩至15个工作日以内。", "15个工作日以内", "15", None, "工作日", "duration", "at_most"),
    ("贷款额度在1000万元以下的小微企业。", "1000万元以下", "10000000", None, "元", "currency", "at_most"),
    ("给予最高两千三百万元的授信。", "最高两千三百万元", "23000000", None, "元", "currency", "at_most"),
    ("产业规模突破1000亿元。", "突破1000亿元", "100000000000", None, "元", "currency", "over"),
    ("首次完成1亿摄氏度1066秒“高质量燃烧”。", "1亿摄氏度", "100000000", None, "摄氏度", "temperature", "exact"),
    ("首次完成1亿摄氏度1066秒“高质量燃烧”。", "1066秒", "1066", None, "秒", "duration", "exact"),
    ("最高气温达38℃。", "38℃", "38", None, "摄氏度", "temperature", "exact"),
    ("年产值3541.07万元。", "3541.07万元", "35410700", None, "元", "currency", "exact"),
    ("约1,200名员工参加。", "约1,200名", "1200", None, "名", "count", "about"),
    ("合同利用外资约5.8亿美元。", "约5.8亿美元", "580000000", None, "美元", "currency", "about"),
    ("新增装机30万千瓦。", "30万千瓦", "300000", None, "千瓦", "power", "exact"),
    ("全年发电量12亿千瓦时。", "12亿千瓦时", "1200000000", None, "千瓦时", "energy", "exact"),
    ("新建道路5千米。", "5千米", "5", None, "千米", "length", "exact"),
    ("储能规模达120兆瓦。", "120兆瓦", "120", None, "兆瓦", "power", "exact"),
    ("年处理污水20万立方米。", "20万立方米", "200000", None, "立方米", "volume", "exact"),
    ("年产钢材50万吨。", "50万吨", "500000", None, "吨", "mass", "exact"),
    ("规划面积约12平方公里。", "约12平方公里", "12", None, "平方公里", "area", "about"),
    ("效率提高3倍。", "3倍", "3", None, "倍", "ratio", "exact"),
    ("出口增长两成。", "两成", "2", None, "成", "ratio", "exact"),
    ("增速高于全省0.8个百分点。", "0.8个百分点", "0.8", None, "百分点", "percent", "exact"),
    ("同比下降3个百分点。", "3个百分点", "3", None, "百分点", "percent", "exact"),
    ("占比达到百分之十二。", "百分之十二", "12", None, "%", "percent", "exact"),
    ("接待游客3286.5万人次。", "3286.5万人次", "32865000", None, "人次", "count", "exact"),
    ("开展联合检查1260户次。", "1260户次", "1260", None, "户次", "count", "exact"),
    ("审批只用了不到两个月。", "不到两个月", "2", None, "月", "duration", "at_most"),
    ("建成充电桩1200台。", "1200台", "1200", None, "台", "count", "exact"),
    ("企业最高额度可达800万元。", "800万元", "8000000", None, "元", "currency", "at_most"),
    ("单笔金额最高的一项达到1800万元。", "1800万元", "18000000", None, "元", "currency", "exact"),
    ("单户企业最高可贷一千二百万元。", "一千二百万元", "12000000", None, "元", "currency", "at_most"),
    ("每家企业最高可获50万元补贴。", "50万元", "500000", None, "元", "currency", "at_most"),
    ("对认定的企业最高奖励200万元。", "200万元", "2000000", None, "元", "currency", "at_most"),
    ("每户最多可申请3次。", "3次", "3", None, "次", "count", "at_most"),
    ("园区最高气温达到39℃。", "39℃", "39", None, "摄氏度", "temperature", "exact"),  # 最高|气温: a noun between
    ("贷款利率最低可至3.2%。", "3.2%", "3.2", None, "%", "percent", "at_least"),
    ("企业可享受最长3年的房租减免。", "最长3年", "3", None, "年", "duration", "at_most"),
    ("现场签约38个项目。", "38个", "38", None, "个", "count", "exact"),       # 签约 is no 约
    ("节约30%的成本。", "30%", "30", None, "%", "percent", "exact"),         # 节约 is no 约
]


@pytest.mark.parametrize("sentence, text, value, value_max, unit, kind, approx", QUANTITIES)
def test_quantity(analyse, sentence, text, value, value_max, unit, kind, approx):
    figures = figures_of(analyse, sentence)
    assert text in figures, f"{text} not in {list(figures)}"
    figure = figures[text]
    assert figure.value == Decimal(value)
    assert figure.value_max == (Decimal(value_max) if value_max else None)
    assert (figure.unit, figure.unit_kind, figure.approx) == (unit, kind, approx)


# sentence, figure text, measure
MEASURES = [
    ("2024年，庐阳区新签约项目92个、协议投资额227亿元。", "92个", "新签约项目"),
    ("2024年，庐阳区新签约项目92个、协议投资额227亿元。", "227亿元", "协议投资额"),
    ("打造金融服务平台，邀请19家金融机构入驻。", "19家", "金融机构"),
    ("目前已促成合作，融资金额超3亿元。", "超3亿元", "融资金额"),
    ("124个重点项目涵盖8个类别。", "124个", "重点项目"),
    ("124个重点项目涵盖8个类别。", "8个", "类别"),
    ("园区将努力建成10余万平方米的科创载体。", "10余万平方米", "科创载体"),
    ("首次完成1亿摄氏度1066秒“高质量燃烧”。", "1亿摄氏度", "高质量燃烧"),
    ("首次完成1亿摄氏度1066秒“高质量燃烧”。", "1066秒", "高质量燃烧"),
    ("力争聚集国家高新技术企业达30家。", "30家", "国家高新技术企业"),
    ("企业很快就获得200万元贷款资金。", "200万元", "贷款资金"),
    ("全年实现地区生产总值1.2万亿元，同比增长5.8%。", "1.2万亿元", "地区生产总值"),
    ("全年实现地区生产总值1.2万亿元，同比增长5.8%。", "5.8%", "地区生产总值"),
    ("完成固定资产投资约860亿元。", "约860亿元", "固定资产投资"),
    ("1-9月，全市规模以上工业增加值同比增长7.2%。", "7.2%", "规模以上工业增加值"),
    ("实际使用外资2.36亿美元，同比增长18.4%，增速高于全市平均水平6.2个百分点。", "6.2个百分点", "增速"),
    ("9月末城镇调查失业率为5.1%，比6月末下降0.2个百分点。", "0.2个百分点", "城镇调查失业率"),
    ("全市新增中小企业86家，总数分别达到652家和68家。", "68家", "总数"),
    ("板材利用率从82%提升到93.5%。", "93.5%", "板材利用率"),
    ("在规划面积约12平方公里的“家居云谷”产业园。", "约12平方公里", "规划面积"),
    ("培育10-20家产值超10亿元的科技领军企业。", "10-20家", "科技领军企业"),
    ("培育10-20家产值超10亿元的科技领军企业。", "超10亿元", "产值"),
    ("该中心已组建6支驻外招商小分队。", "6支", "驻外招商小分队"),
    ("平均审批时间压缩至15个工作日以内。", "15个工作日以内", "平均审批时间"),
    ("完成年度目标任务的89%。", "89%", "年度目标任务"),
    ("确保全年经济增长6%左右的预期目标顺利实现。", "6%左右", "经济增长"),
]


# sentence, figure text, exact measure: a change measures its subject alone (no 同比增长),
# a paid rate measures what it pays, a duration the 从A到B span it takes.
EXACT_MEASURES = [
    ("全县新签约亿元以上项目38个，同比增加7个。", "38个", "新签约亿元以上项目"),
    ("全县新签约亿元以上项目38个，同比增加7个。", "7个", "新签约亿元以上项目"),
    ("今年前三季度，光伏组件产量同比增长32.5%。", "32.5%", "光伏组件产量"),
    ("家用电器和音像器材类零售额增长28.7%。", "28.7%", "家用电器和音像器材类零售额"),
    ("9月末，各项贷款余额同比增长8.7%。", "8.7%", "各项贷款余额"),
    ("三大支柱产业增加值增长10.6%。", "10.6%", "三大支柱产业增加值"),
    ("全区新设立经营主体1.86万户，同比增长12.4%。", "12.4%", "新设立经营主体"),
    ("限额以上单位商品零售额同比下降2.1%。", "2.1%", "限额以上单位商品零售额"),
    ("9月末城镇调查失业率为5.1%，比6月末下降0.2个百分点。", "0.2个百分点", "城镇调查失业率"),
    ("工业投资增速达到12%。", "12%", "工业投资增速"),
    ("按实际投资额的1.5%给予奖励。", "1.5%", "奖励"),
    ("按照设备购置额的10%给予一次性补助，最高不超过500万元。", "10%", "一次性补助"),
    ("依据贷款利息的50%予以贴息。", "50%", "贴息"),
    ("设立总额三千万元的招商引资奖励资金。", "三千万元", "招商引资奖励资金"),
    ("设立规模10亿元的中小企业转贷应急资金池。", "10亿元", "中小企业转贷应急资金池"),
    ("从提交申请到贷款到账只需5个工作日。", "5个工作日", "从提交申请到贷款到账"),
    ("项目从拿地到开工最快仅用了8天。", "8天", "从拿地到开工"),
    ("我们从首次洽谈到正式签约，只用了不到两个月。", "不到两个月", "从首次洽谈到正式签约"),
    ("对新落地的企业，3至5年内给予办公用房租金减免。", "3至5年", "办公用房租金减免"),
    ("单个项目最高不超过300万元。", "不超过300万元", "单个项目"),
    ("单户企业最高可贷一千二百万元。", "一千二百万元", "单户企业"),
    ("企业跑动次数由原来的5次减少到不超过1次。", "不超过1次", "企业跑动次数"),
    ("为500家中小企业提供不少于20亿元的节前资金支持。", "不少于20亿元", "节前资金支持"),
    ("企业可享受最长3年的房租减免。", "最长3年", "房租减免"),
    ("项目审批时限由法定的20个工作日压缩至5个工作日。", "5个工作日", "项目审批时限"),
    ("全县一般公共预算收入完成28.6亿元，比上年增长6.2%。", "6.2%", "一般公共预算收入"),
    ("全县一般公共预算收入完成28.6亿元，比上年增长6.2%。", "28.6亿元", "一般公共预算收入"),
    ("其中单笔金额最高的一项达到1800万元。", "1800万元", "单笔金额"),
    ("全省高技术制造业和装备制造业增加值分别增长9.8%和7.6%。", "7.6%", "高技术制造业和装备制造业增加值"),
    ("确保全年经济增长6%左右的预期目标顺利实现。", "6%左右", "经济增长"),  # 的 makes 经济增长 a noun
    ("降幅较上半年收窄1.5个百分点。", "1.5个百分点", "降幅"),
]


@pytest.mark.parametrize("sentence, text, measure", EXACT_MEASURES)
def test_exact_measure(analyse, sentence, text, measure):
    assert figures_of(analyse, sentence)[text].measure == measure


def test_rate_paid_is_not_its_basis(analyse):
    # 板材利用率从82%提升到93.5%: a 从…到 between numbers is no span a duration takes
    assert figures_of(analyse, "板材利用率从82%提升到93.5%。")["93.5%"].measure == "板材利用率"


@pytest.mark.parametrize("sentence, text, measure", MEASURES)
def test_measure(analyse, sentence, text, measure):
    figures = figures_of(analyse, sentence)
    assert figures[text].measure is not None
    assert measure in figures[text].measure or figures[text].measure in measure, figures[text].measure


def test_repeated_quantity_shares_its_measure(analyse):
    doc = analyse("1066秒！装置首次完成1亿摄氏度1066秒“高质量燃烧”。")
    assert [f.measure for f in doc._.figures if f.text == "1066秒"] == ["高质量燃烧", "高质量燃烧"]


# sentence, text that must not be reported as a figure
NOT_FIGURES = [
    ("已在合肥轨道交通5号线上岗使用。", "5号"),
    ("去年刚入选工信部第六批专精特新企业。", "六批"),
    ("我们全面落实‘五个一’工作机制。", "五个"),
    ("即一个项目、一名领导、一套班子、一个方案。", "一个"),
    ("确定“2+3+X”产业体系布局。", "3"),
    ("助力该区首次跻身全省制造业发展十强区。", "十强"),
    ("带动一批科技成果落地生金。", "一批"),
    ("实现两位数增长。", "两位"),
    ("三部门联合印发通知。", "三部"),
    ("深入实施三年行动计划。", "三年"),
    ("新能源汽车零部件产业。", "零部"),
    ("2024年，庐阳区新签约项目92个。", "2024年"),
    ("去年9月将总部迁至庐阳区。", "9月"),
    ("2月6日上午召开大会。", "6日"),
    ("前7个月，全市外贸增长。", "7个月"),
    ("近3年累计引进项目27个。", "3年"),
    ("未来?年，园区将努力建设。", "年"),
]


@pytest.mark.parametrize("sentence, text", NOT_FIGURES)
def test_not_a_figure(analyse, sentence, text):
    unrecoverable = [(i, i + 1) for i, ch in enumerate(sentence) if ch == "?"]
    figures = analyse(sentence, unrecoverable=unrecoverable)._.figures
    assert not any(text in f.text for f in figures), [f.text for f in figures]


def test_items_carry_span_and_sentence(analyse):
    text = "开局良好。全年新增就业3.5万人。"
    doc = analyse(text)
    (figure,) = doc._.figures
    assert text[figure.span[0]:figure.span[1]] == figure.text == "3.5万人"
    assert figure.sentence == "全年新增就业3.5万人。"
    assert figure.original_span is None


def test_unrecoverable_span_drops_overlapping_figure(analyse):
    text = "共签约项目3?个，总投资40亿元。"
    doc = analyse(text, unrecoverable=[(6, 7)])
    assert [f.text for f in doc._.figures] == ["40亿元"]


def test_figures_serialise_as_plain_numbers(analyse):
    (figure,) = analyse("年产值3541.07万元。")._.figures
    assert json.loads(figure.model_dump_json())["value"] == 35410700


# ---------------------------------------------------------------- reference article

def _norm(text):
    return "".join(ch for ch in text if ch not in "“”‘’\"' ")


def _match(pred, gold):
    p, g = _norm(pred.text), _norm(gold["text"])
    if p == g:
        return True
    return (p in g or g in p) and pred.value == Decimal(str(gold["value"])) and pred.unit == gold["unit"]


def test_reference_article_figures(analyse):
    """Acceptance: F1 ≥ 0.95 on the gold, every matched value/unit/approx right, measure ≥ 90%."""
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    gold = json.loads(REFERENCE_GOLD.read_text(encoding="utf-8"))["figures"]
    unrecoverable = [(i, i + 1) for i, ch in enumerate(text) if ch == "?"]
    predicted = {}
    for figure in analyse(text, unrecoverable=unrecoverable)._.figures:
        predicted.setdefault(_norm(figure.text), figure)  # distinct items, first mention
    must = [g for g in gold if g["must"]]
    matched, scored, measures_right = 0, 0, 0
    for pred in predicted.values():
        hit = next((g for g in gold if _match(pred, g)), None)
        if hit is not None and not hit["must"]:
            continue  # neutral
        scored += 1
        if hit is None:
            continue
        matched += 1
        assert (pred.value, pred.unit, pred.approx) == (Decimal(str(hit["value"])), hit["unit"], hit["approx"]), pred
        measures_right += bool(pred.measure) and (pred.measure in hit["measure"] or hit["measure"] in pred.measure)
    precision, recall = matched / scored, matched / len(must)
    assert 2 * precision * recall / (precision + recall) >= 0.95
    assert measures_right / matched >= 0.9


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"\A[0-9]{1,14}(\.[0-9]{1,8})?[万亿]?\Z"))
def test_plain_numerals_read_as_the_numeral_parser_reads_them(numeral):
    from extract.extractors.figures import _read_numeral
    from extract.numerals import clean_decimal, ends_with_multiplier, parse_numeral_range

    ours, parsed = _read_numeral(numeral), parse_numeral_range(numeral)
    assert ours.numbers == parsed and str(ours.numbers.low) == str(parsed.low) and parsed.high is None
    assert ours.multiplier == ends_with_multiplier(numeral)
    if ours.clean:  # then times a factor of 1 it stays itself, as the figure reader assumes
        assert str(clean_decimal(parsed.low * Decimal("1"))) == str(ours.numbers.low)
