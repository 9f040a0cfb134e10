"""Policy terms: quoted names told apart from rhetorical quotes, vocabulary and unquoted
names, definitions, offsets; scored on the reference article and on sentences of our own."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import opencc
import pytest

from extract.extractors.policy import find_policy_terms
from extract.extractors.policy_evidence import ACCEPT_SCORE, is_parallel, numbered_feature
from extract.extractors.quotes import find_quotes

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
REFERENCE = CORPUS / "000_0f9117bebd0753fc.txt"
REFERENCE_GOLD = CORPUS / "000_0f9117bebd0753fc.gold.json"

# ----------------------------------------------------------------- helpers

QUOTE_CHARS = set("\"'“”‘’「」『』")


def match_key(text: str) -> str:
    """The gold README's matching form: width folded, quotes and spaces removed, 著→着."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if c not in QUOTE_CHARS and not c.isspace()).replace("著", "着")


def terms_of(text: str, unrecoverable=()) -> dict[str, object]:
    return {term.term: term for term in find_policy_terms(text, unrecoverable)}


def score(predicted: set[str], must: set[str], neutral: set[str]) -> tuple[int, int, int]:
    """(matched must, scored predictions, must) under the gold README's rules."""
    predicted = {match_key(t) for t in predicted}
    must = {match_key(t) for t in must}
    neutral = {match_key(t) for t in neutral} - must
    return len(predicted & must), len(predicted - neutral), len(must)


# ----------------------------------------------------------------- the reference article

# Repairs of the reference's corrupt spots, written by hand from reading the bytes: GBK
# mojibake of a closing period-and-quote (?!痹搮^ = 。”该区 …) and digits lost for good
# (kept as ? and passed as unrecoverable spans).
MOJIBAKE_FIXES = {
    "?!拔磥?年": "。“未来\0年",
    "?!睆]": "。”庐",
    "?!痹搮^": "。”该区",
    "?!卑不杖鹂匦殴怆娂夹g": "。”安徽瑞控信光电技术",
    "?!卑不罩锌茻醿x": "。”安徽中科热仪",
    "?!?月": "。”\0月",
}
PINYIN_NOTE = re.compile(r"\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
ASCII_TO_FULL = str.maketrans({",": "，", "!": "！", "?": "？", ";": "；", ":": "：",
                               "(": "（", ")": "）", "著": "着", "\0": "?"})


@pytest.fixture(scope="module")
def reference() -> tuple[str, list[tuple[int, int]]]:
    """The reference article cleaned by hand: pinyin notes dropped, mojibake fixed, t2s."""
    text = PINYIN_NOTE.sub("", REFERENCE.read_text(encoding="utf-8"))
    for broken, repaired in MOJIBAKE_FIXES.items():
        assert broken in text
        text = text.replace(broken, repaired)
    text = opencc.OpenCC("t2s").convert(text).translate(ASCII_TO_FULL)
    lost = [(m.start(), m.end()) for m in re.finditer(r"\?", text)]
    return text, lost


@pytest.fixture(scope="module")
def reference_terms(reference):
    text, lost = reference
    return find_policy_terms(text, lost)


@pytest.fixture(scope="module")
def reference_gold():
    return json.loads(REFERENCE_GOLD.read_text(encoding="utf-8"))["policy_terms"]


def test_reference_meets_acceptance(reference_terms, reference_gold):
    must = {g["term"] for g in reference_gold if g["must"]}
    neutral = {g["term"] for g in reference_gold if not g["must"]}
    matched, scored, total = score({t.term for t in reference_terms}, must, neutral)
    assert matched / total >= 0.9
    assert matched / scored >= 0.85


@pytest.mark.parametrize("rhetorical", ["冲锋号", "沃土", "门", "室", "星火", "乔木", "灌木", "磁吸力", "朋友圈",
                                        "主力军", "科技味", "上马", "上岗", "富矿", "塔尖", "人造太阳",
                                        "任务书", "打头阵", "满枝头", "科大硅谷", "芯庐州", "融资难", "全方位"])
def test_reference_rhetorical_quotes_are_not_terms(reference_terms, rhetorical):
    assert rhetorical not in {t.term for t in reference_terms}


def test_reference_five_ones_record(reference, reference_terms):
    text, _ = reference
    term = next(t for t in reference_terms if t.term == "五个一")
    assert (term.kind, term.head) == ("mechanism", "工作机制")
    assert term.definition == "一个项目、一名领导、一套班子、一个方案、一抓到底"
    assert {"head:工作机制", "numbered", "verb:全面落实", "defined"} <= set(term.evidence)
    assert len(term.mentions) == 2
    for mention in term.mentions:
        assert text[mention.span[0]:mention.span[1]] == mention.text == "五个一"
        assert mention.original_span is None


def test_reference_skips_unrecoverable_text(reference, reference_terms):
    _, lost = reference
    for term in reference_terms:
        for start, end in (m.span for m in term.mentions):
            assert not any(start < l_end and l_start < end for l_start, l_end in lost)


# ----------------------------------------------------------------- sentences of our own
# (sentence, policy terms to find, acceptable extra finds). Anything else found is a false
# positive; the rhetorical quotes in these sentences must not be found.
OWN_SENTENCES = [
    ("今年以来，该市全面推行“一网通办”，企业开办时间压缩至1个工作日。", {"一网通办"}, set()),
    ("县里深化“亩均论英雄”改革，倒逼低效企业腾笼换鸟。", {"亩均论英雄"}, {"腾笼换鸟"}),
    ("该区坚持“双招双引”，全年引进亿元以上项目36个。", {"双招双引"}, set()),
    ("市里开展“四送一服”专项行动，累计为企业解决问题1200余个。", {"四送一服"}, set()),
    ("惠企政策实现“免申即享”，资金直达企业账户。", {"免申即享"}, set()),
    ("工业用地全面推行“标准地”出让，实现“拿地即开工”。", {"标准地", "拿地即开工"}, set()),
    ("作为产业链的“领头雁”，这家企业带动上下游30多家配套企业落户。", set(), set()),
    ("啃下了征地拆迁这块“硬骨头”，项目提前两个月开工。", set(), set()),
    ("重大项目建设跑出“加速度”，一季度完成投资45亿元。", set(), set()),
    ("人才是创新的“金钥匙”，该区出台人才新政十条。", set(), set()),
    ("该县全面落实河长制，全县126条河流实现“一河一策”。", {"河长制", "一河一策"}, set()),
    ("区政务服务中心设立“办不成事”反映窗口，兜底解决企业群众办事难题。", {"办不成事"}, set()),
    ("我们要当好服务企业的“店小二”，做到有求必应、无事不扰。", set(), {"店小二"}),
    ("该市启动“人工智能+”行动，培育应用场景50个。", {"人工智能+"}, set()),
    ("“十四五”以来，全区累计新增专精特新中小企业86家。", {"十四五", "专精特新"}, set()),
    ("这座城市正成为年轻人创业的“热土”。", set(), set()),
    ("园区打造“拎包入驻”服务模式，企业入驻当天即可投产。", {"拎包入驻"}, set()),
    ("县委县政府实施“强工兴城”战略，工业经济实现“逆势上扬”。", {"强工兴城"}, set()),
    ("该行推出“科创积分贷”，为轻资产科技企业提供信用贷款2.3亿元。", {"科创积分贷"}, set()),
    ("区里建立“链长+链主”协同机制，由区领导担任产业链链长。", {"链长+链主"}, set()),
    ("全面推行“1+N”帮扶模式，即1名干部联系N家企业。", {"1+N"}, set()),
    ("今年是全省“营商环境优化提升年”，各地比学赶超、争先进位。", {"营商环境优化提升年"}, {"营商环境"}),
    ("村里的“土专家”“田秀才”成了乡村振兴的主力军。", {"乡村振兴"}, set()),
    ("企业家们纷纷点赞，称这是“及时雨”。", set(), set()),
    ("该区以“绣花功夫”推进城市更新，改造老旧小区32个。", {"城市更新"}, set()),
    ("开展“万人助万企”活动以来，累计走访企业4300家次。", {"万人助万企"}, set()),
    ("“小切口”解决“大问题”，社区推出“一老一小”暖心服务。", {"一老一小"}, set()),
    ("该镇深入实施“千万工程”，建成和美乡村示范村12个。", {"千万工程"}, {"和美乡村"}),
    ("为打赢“蓝天保卫战”，全市关停散乱污企业156家。", {"蓝天保卫战"}, set()),
    ("经开区组建重大项目服务专班，实行“一个项目、一名领导、一套方案”推进机制。",
     {"一个项目、一名领导、一套方案"}, {"重大项目服务专班"}),
    ("该县被评为全国文明城市，城市“颜值”与“气质”同步提升。", {"全国文明城市"}, set()),
    ("项目从签约到开工仅用了45天，刷新了“开发区速度”。", set(), set()),
    ("这些企业是县域经济的“顶梁柱”。", set(), set()),
    ("市政府出台《关于进一步优化营商环境的若干措施》，推出28条举措。",
     {"关于进一步优化营商环境的若干措施"}, {"营商环境"}),
    ("全区推行“周调度、月通报、季考核”工作机制，确保项目按时序推进。", {"周调度、月通报、季考核"}, set()),
    ("该园区获评“国家级绿色工业园区”称号。", {"国家级绿色工业园区"}, set()),
    ("他说，企业发展离不开政府这个“娘家人”。", set(), set()),
    ("该县推动“专精特新”企业“上规升级”。", {"专精特新"}, {"上规升级"}),
    ("依托“浙里办”平台，群众可在线办理社保业务。", {"浙里办"}, set()),
    ("全区上下拧成“一股绳”，全力冲刺“开门红”。", set(), set()),
    ("各地深入开展“我为群众办实事”实践活动。", {"我为群众办实事"}, set()),
    ("着力打造“近悦远来”的人才生态。", set(), {"近悦远来"}),
    ("聚焦“卡脖子”技术难题，设立首期5亿元的攻关基金。", set(), set()),
    ("全市推行“企业吹哨、部门报到”机制，企业诉求48小时内响应。", {"企业吹哨、部门报到"}, set()),
    # second batch, written after the first was passing
    ("该区聚焦“一件事一次办”，推出套餐式服务42项。", {"一件事一次办"}, set()),
    ("全市打响“百日攻坚”行动，确保项目按期投产。", {"百日攻坚"}, set()),
    ("“三个一批”项目建设稳步推进，签约一批、开工一批、投产一批。", {"三个一批"}, set()),
    ("政府部门要甘当“铺路石”，为企业发展保驾护航。", set(), set()),
    ("在企业最需要的时候“雪中送炭”，帮助企业渡过难关。", set(), set()),
    ("持续擦亮“有事好商量”协商品牌。", {"有事好商量"}, set()),
    ("该县实施“百千万工程”，推动城乡区域协调发展。", {"百千万工程"}, {"区域协调发展"}),
    ("全市推行“交地即交证”“验收即拿证”改革。", {"交地即交证", "验收即拿证"}, set()),
    ("这里曾是远近闻名的“穷山村”，如今成了“网红村”。", set(), set()),
    ("企业的“烦心事”变成了“暖心事”。", set(), set()),
    ("这一做法被群众称为“家门口的办事大厅”。", set(), set()),
    ("全省启动“数字经济一号工程”升级版。", {"数字经济一号工程"}, set()),
    ("该市以“时时放心不下”的责任感抓好安全生产。", set(), set()),
    ("实行“容缺受理+承诺制”审批模式。", {"容缺受理+承诺制"}, set()),
    ("镇里开展“清河行动”，清理河道垃圾300吨。", {"清河行动"}, set()),
    ("“双碳”目标下，企业加快绿色转型。", {"双碳"}, set()),
    ("这台设备是工厂里的“大国重器”。", set(), set()),
    # third batch
    ("该市推行“三书一函”制度，对企业轻微违法行为包容审慎监管。", {"三书一函"}, {"包容审慎监管"}),
    ("“一业一证”改革让开办便利店只需填一张表。", {"一业一证"}, set()),
    ("这条街成了市民休闲的“打卡地”。", set(), set()),
    ("全面实施“一码通”工程，市民凭一张电子码即可乘车、就医。", {"一码通"}, set()),
    ("党员干部当好“宣传员”“服务员”“调解员”。", set(), set()),
    ("市委提出“产业立市、工业强市”发展战略。", {"产业立市、工业强市"}, set()),
    ("在“互联网+医疗健康”的推动下，患者可在线复诊。", {"互联网+医疗健康"}, set()),
    ("两家企业签下“大单”，金额达3亿元。", set(), set()),
    ("该县打造的“龙虾小镇”年接待游客50万人次。", set(), {"龙虾小镇"}),
    ("全省实施“技能照亮前程”培训行动。", {"技能照亮前程"}, set()),
    ("今年将全力打好“三大攻坚战”。", {"三大攻坚战"}, set()),
    ("市场主体的“获得感”不断增强。", set(), set()),
    ("镇政府推行“村民说事”制度，每月召开一次议事会。", {"村民说事"}, set()),
    ("通过“线上+线下”双渠道开展招聘。", set(), {"线上+线下"}),
    ("这家老字号焕发出“新活力”。", set(), set()),
    ("2025年，全区将实施“十大工程”，推进“八大行动”。", {"十大工程", "八大行动"}, set()),
    ("全市推广“街长制”，由街道干部担任街长。", {"街长制"}, set()),
    ("把“问题清单”变成“成效清单”。", set(), {"问题清单", "成效清单"}),
    ("企业家点赞政府的“妈妈式服务”。", set(), {"妈妈式服务"}),
    ("该市开通“企业服务直通车”，收集诉求1.2万条。", {"企业服务直通车"}, set()),
    # fourth batch: the stock rhetoric of government news
    ("各部门要打好“组合拳”，下好“先手棋”。", set(), set()),
    ("全力打造营商环境“升级版”，擦亮“金字招牌”。", set(), {"营商环境"}),
    ("打通服务群众“最后一公里”，架起干群“连心桥”。", set(), set()),
    ("为企业提供“保姆式”服务和“一对一”指导。", set(), set()),
    ("筑牢安全生产“防火墙”，织密风险防控“防护网”。", set(), set()),
    ("项目建设按下“快进键”，跑出“加速度”。", set(), set()),
    ("区里推出“企业服务码”，企业扫码即可反映诉求。", {"企业服务码"}, set()),
    ("发挥党员“领头雁”作用，带领群众增收致富。", set(), set()),
    ("今年全市开展“营商环境提升年”活动，出台优化措施36条。", {"营商环境提升年"}, {"营商环境"}),
    ("该区启动“春雷行动”，集中开工项目48个。", {"春雷行动"}, set()),
    ("乡村振兴要激活“一池春水”。", set(), {"乡村振兴"}),
    ("园区实行“管委会+公司”运营模式。", {"管委会+公司"}, set()),
    ("深入实施“强省会”战略，省会首位度持续提升。", {"强省会"}, set()),
    ("他是村民眼中的“主心骨”。", set(), set()),
    ("推行“首席服务员”制度，为重点企业配备专人。", {"首席服务员"}, set()),
    ("这家企业的“智慧工厂”年产能提升30%。", set(), set()),
    ("全县推进“两山”转化，打造生态经济。", {"两山"}, set()),
    ("“放管服”改革持续深化，“证照分离”全面推开。", {"放管服", "证照分离"}, set()),
    ("我们将按照“一年打基础、两年见成效、三年大变样”的目标推进。", {"一年打基础、两年见成效、三年大变样"}, set()),
    ("民营企业是经济发展的“生力军”。", set(), set()),
]

# Known weakness: a parallel phrase describing what people do reads like a parallel slogan.
KNOWN_FALSE_POSITIVES = [("工人们在生产线上“比技术、拼效率”。", "比技术、拼效率")]


def test_own_sentences_meet_acceptance():
    matched = scored = total = 0
    for sentence, must, neutral in OWN_SENTENCES:
        found = {term.term for term in find_policy_terms(sentence)}
        m, s, t = score(found, must, neutral)
        matched, scored, total = matched + m, scored + s, total + t
    assert matched / total >= 0.9
    assert matched / scored >= 0.85


@pytest.mark.parametrize("sentence,must,neutral", OWN_SENTENCES, ids=[s[:12] for s, _, _ in OWN_SENTENCES])
def test_own_sentence(sentence, must, neutral):
    found = {match_key(term) for term in terms_of(sentence)}
    assert {match_key(t) for t in must} <= found
    quoted = {q.content(sentence) for q in find_quotes(sentence)}
    rhetorical = {match_key(q) for q in quoted} - {match_key(t) for t in must | neutral}
    assert not (found & rhetorical)


@pytest.mark.xfail(reason="parallel wording alone is taken for a slogan", strict=True)
@pytest.mark.parametrize("sentence,rhetorical", KNOWN_FALSE_POSITIVES)
def test_known_false_positive(sentence, rhetorical):
    assert rhetorical not in terms_of(sentence)


# ----------------------------------------------------------------- records and evidence

@pytest.mark.parametrize("sentence,term,kind,head,evidence", [
    ("深入推进“都市科创”行动。", "都市科创", "campaign", "行动", {"head:行动", "verb:深入推进"}),
    ("确定“2+3+X”产业体系布局。", "2+3+X", "concept", "产业体系", {"numbered", "head:产业体系"}),
    ("打好“要素保卫战”，多维度发力。", "要素保卫战", "campaign", None, {"end:保卫战", "verb:打好"}),
    ("组建科技招商专班，加强团队建设。", "科技招商专班", "mechanism", "专班", {"verb:组建", "head:专班", "unquoted"}),
    ("深化高效办成一件事改革，营商环境持续优化。", "高效办成一件事", "service", "改革", {"vocab", "head:改革", "verb:深化"}),
    ("朝着“建设全省高质量发展示范城区”目标全力进发。", "建设全省高质量发展示范城区", "target", "目标", {"head:目标"}),
    ("全区掀起“大干项目、大抓招商”的攻坚热潮。", "大干项目、大抓招商", "slogan", None, {"parallel"}),
])
def test_term_record(sentence, term, kind, head, evidence):
    record = terms_of(sentence)[term]
    assert (record.kind, record.head) == (kind, head)
    assert evidence <= set(record.evidence)
    start, end = record.mentions[0].span
    assert sentence[start:end] == record.mentions[0].text == term


@pytest.mark.parametrize("sentence,term,definition", [
    ("全面落实“五个一”工作机制，即一个项目、一名领导、一套班子、一个方案、一抓到底，实现全流程衔接。",
     "五个一", "一个项目、一名领导、一套班子、一个方案、一抓到底"),
    ("开展“四送一服”专项行动（送新发展理念、送支持政策、送创新项目、送生产要素、服务实体经济）。",
     "四送一服", "送新发展理念、送支持政策、送创新项目、送生产要素、服务实体经济"),
    ("推行“1+N”帮扶模式，即1名干部联系N家企业。", "1+N", "1名干部联系N家企业"),
])
def test_definition_attached(sentence, term, definition):
    assert terms_of(sentence)[term].definition == definition


def test_gloss_in_brackets_is_not_a_definition():
    assert "门" not in terms_of("登“门”（校门）入“室”（实验室）深挖科技成果“富矿”。")


def test_mentions_gathered_and_bare_repeats_found():
    text = "组建“金色小管家”金融服务队伍。“金色小管家”团队已走访企业200家，金色小管家服务覆盖全区。"
    record = terms_of(text)["金色小管家"]
    assert [text[s:e] for s, e in (m.span for m in record.mentions)] == ["金色小管家"] * 3
    assert {"verb:组建", "head:服务队伍", "repeated"} <= set(record.evidence)


def test_quoted_list_shares_verb_and_head():
    found = terms_of("深入开展“四送一服”、“双招双引”和“暖企惠企”等活动。")
    assert {"四送一服", "双招双引", "暖企惠企"} <= set(found)
    assert "head:活动" in found["暖企惠企"].evidence


def test_unrecoverable_spans_are_skipped():
    text = "深入推进“都市科创”行动，全面落实“五个一”工作机制。"
    lost = [(text.index("都市"), text.index("都市") + 1)]
    found = terms_of(text, lost)
    assert "都市科创" not in found and "五个一" in found


def test_speech_quote_is_not_a_term_but_its_inner_quote_is():
    text = "“我们全面落实‘五个一’工作机制，确保项目落地。”该区负责人表示。"
    found = terms_of(text)
    assert set(found) == {"五个一"}


def test_office_names_are_not_reform_terms():
    assert terms_of("区发展改革委工作人员介绍，该区将深化体制机制改革。") == {}


@pytest.mark.parametrize("content,numbered", [
    ("五个一", True), ("2+3+X", True), ("1+N", True), ("四送一服", True), ("一企一策", True),
    ("十四五", True), ("十二条", True), ("一盘棋", False), ("沃土", False), ("门", False),
])
def test_numbered_names(content, numbered):
    assert (numbered_feature(content) is not None) == numbered


@pytest.mark.parametrize("content,parallel", [
    ("大干项目、大抓招商", True), ("招得来、落得下、发展好", True),
    ("企业办事不出园区、群众办事不出社区", True), ("快、准、稳", False),
    ("今年推进的124个项目中，产业类项目是主力军", False),
])
def test_parallel_slogans(content, parallel):
    assert is_parallel(content) == parallel


def test_quotes_nest_and_do_not_cross_lines():
    text = "“落实‘五个一’机制”\n“断开的引号\n「金色驿站」"
    spans = [(q.content(text), q.depth) for q in find_quotes(text)]
    assert spans == [("落实‘五个一’机制", 0), ("五个一", 1), ("金色驿站", 0)]


def test_accept_score_is_positive():
    assert ACCEPT_SCORE > 0


# ----------------------------------------------------------------- the spaCy component

@pytest.fixture(scope="module")
def policy_nlp():
    from extract.nlp import build_nlp

    return build_nlp(("policy_terms",))


def test_component_fills_doc_extension(policy_nlp):
    doc = policy_nlp.make_doc("廊坊市全面推行“一网通办”，深化“放管服”改革。")
    doc._.unrecoverable = []
    doc = policy_nlp.get_pipe("policy_terms")(doc)
    assert {t.term for t in doc._.policy_terms} == {"一网通办", "放管服"}
    assert next(t for t in doc._.policy_terms if t.term == "放管服").head == "改革"


# ----------------------------------------------------------------- data files

def test_data_files_are_well_formed():
    from typing import get_args

    from extract.extractors import policy_tables as tables
    from extract.lexicon import resource_path
    from extract.records import PolicyKind

    kinds = set(get_args(PolicyKind))
    vocabulary = tables.vocabulary()
    assert len(vocabulary) >= 300
    assert {entry.kind for entry in vocabulary.values()} <= kinds
    assert all(entry.source for entry in vocabulary.values())
    assert {head.kind for head in tables.heads()} <= kinds
    assert {"开展", "落实", "打造", "组建", "深化", "推进"} <= tables.verbs()
    for name in (tables.VOCAB_FILE, tables.HEADS_FILE, tables.VERBS_FILE):
        assert resource_path(name).read_text(encoding="utf-8").startswith("#")


# ----------------------------------------------------------------- phrase caches and shortcuts

@pytest.mark.parametrize("term", ["五个一", "2+3+X", "十四五", "一企一策", "新十条", "三大工程", "双招双引", "双碳",
                                  "放管服", "项目攻坚年", "科技打头阵", "信用+风险", "晋e融", "四送一服", "二次创业"])
def test_numbered_shortcut_agrees_with_the_patterns(term):
    """numbered_feature skips terms with no numeral, digit, 双 or +: none of its patterns
    could match them, so the answer is the one the patterns give."""
    import extract.extractors.policy_evidence as evidence

    patterns = (evidence.PLUS_NAME, evidence.PLAN_NAME, evidence.ONE_EACH_NAME, evidence.ARTICLES_NAME,
                evidence.COUNTED_NAME, evidence.DOUBLE_NAME)
    could_match = any(p.fullmatch(term) for p in patterns) or len(evidence.NUMERAL_RUN.findall(term)) >= 2
    if evidence.NUMBERED_CHARS.search(term) is None:
        assert not could_match and numbered_feature(term) is None
    assert (numbered_feature(term) is not None) == could_match


def test_cached_phrase_judgements_do_not_leak_between_texts():
    """The per-phrase caches hold what depends on the phrase alone: the same quote gets its
    context from each text anew."""
    first = find_policy_terms("全面落实“五个一”工作机制，推动项目建设。")
    second = find_policy_terms("他说“五个一”很好记。")
    again = find_policy_terms("全面落实“五个一”工作机制，推动项目建设。")
    assert [t.model_dump() for t in first] == [t.model_dump() for t in again]
    assert first and first[0].head == "工作机制"
    assert all(t.head != "工作机制" for t in second)
