"""Organisations, persons and locations: rules, tables and their traps.

Sentences are written in the style of Chinese local-government news; the reference article
is used in a clean Simplified version (tests/fixtures/entities_reference_clean.txt: opencc
t2s of corpus/000, pinyin annotations removed and the GBK mojibake repaired by hand), so
these tests do not depend on the normalizer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.extractors.entities import extract_entities

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_TEXT = ROOT / "tests" / "fixtures" / "entities_reference_clean.txt"
REFERENCE_GOLD = ROOT / "corpus" / "000_0f9117bebd0753fc.gold.json"


def orgs_of(text, **kwargs):
    return {o.name: o for o in extract_entities(text, **kwargs)[0]}


def persons_of(text, **kwargs):
    return {p.name: p for p in extract_entities(text, **kwargs)[1]}


def locations_of(text, **kwargs):
    return {loc.name: loc for loc in extract_entities(text, **kwargs)[2]}


def forms(item) -> set[str]:
    return {item.name, *item.aliases}


# ------------------------------------------------------------------ organisations

@pytest.mark.parametrize(
    "sentence, name, org_type, alias",
    [
        # a company right after a closing quote (where mojibake repair leaves 。”)
        ("“我们期待在庐阳区有一番作为。”安徽瑞控信光电技术股份有限公司总经理刘耀军介绍。",
         "安徽瑞控信光电技术股份有限公司", "company", None),
        ("在安徽中科太赫兹科技有限公司，一款安检设备格外引人注目。", "安徽中科太赫兹科技有限公司", "company", None),
        ("在庐阳大数据产业园安徽瑞控信光电技术股份有限公司，技术人员正在忙碌。", "安徽瑞控信光电技术股份有限公司", "company", None),
        ("据介绍，安徽达成科技有限公司今年产值翻番。", "安徽达成科技有限公司", "company", None),
        ("国家电网安徽省电力有限公司董事长王明表示。", "国家电网安徽省电力有限公司", "company", None),
        ("3月12日，合肥高新区管委会与科大讯飞股份有限公司签署战略合作协议。", "科大讯飞股份有限公司", "company", None),
        # parks, with a quoted part inside the name
        ("科学仪器产业园、“芯庐州”集成电路产业园、未来创谷产业园纷纷涌现。", "芯庐州集成电路产业园", "park", "“芯庐州”集成电路产业园"),
        ("前不久，“科大硅谷”庐阳园区盛大开园。", "科大硅谷庐阳园区", "park", "“科大硅谷”庐阳园区"),
        ("位于大杨镇的科学仪器产业园（二期）备受关注。", "科学仪器产业园", "park", "科学仪器产业园（二期）"),
        ("在福建省晋江市五里工业园区，企业正加紧生产。", "福建省晋江市五里工业园区", "park", "五里工业园区"),
        # government bodies with their administrative prefix
        ("“这里将布局一批转化项目。”庐阳区发展改革委工作人员介绍。", "庐阳区发展改革委", "government", "庐阳区发改委"),
        ("“我们将进一步优化服务。”蜀山区人社局局长王晓明表示。", "蜀山区人社局", "government", "人社局"),
        ("深圳市南山区科技创新局副局长刘洋说，该局将出台新政策。", "深圳市南山区科技创新局", "government", None),
        ("记者从成都市新都区政务服务管理和行政审批局获悉，企业开办更快了。",
         "成都市新都区政务服务管理和行政审批局", "government", None),
        ("江门市工业和信息化局联合中国银行江门分行推出专属贷款。", "江门市工业和信息化局", "government", "江门市工信局"),
        ("10月24日，株洲市人民政府新闻办公室召开新闻发布会。", "株洲市人民政府新闻办公室", "government", None),
        ("安徽省人民政府办公厅印发《关于加快发展的意见》。", "安徽省人民政府办公厅", "government", None),
        ("庐阳区人民法院审结案件1200件。", "庐阳区人民法院", "government", None),
        ("经开区管委会主任王五在会上说。", "经开区管委会", "government", None),
        # national bodies through the alias table
        ("这家企业去年入选工信部第六批专精特新“小巨人”企业。", "工信部", "government", "工业和信息化部"),
        ("国家发展改革委、工业和信息化部联合印发通知。", "国家发展改革委", "government", "国家发改委"),
        # banks, universities and their units, institutes, media, facilities
        ("积极帮忙对接华夏银行，企业很快就获得贷款。", "华夏银行", "bank", None),
        ("中国工商银行晋江分行行长蔡文斌说。", "中国工商银行晋江分行", "bank", None),
        ("该局联合人民银行晋江市支行推广知识产权质押。", "人民银行晋江市支行", "bank", None),
        ("同济大学汽车学院、安徽中科热仪科技有限公司等签约入驻。", "同济大学汽车学院", "university", None),
        ("由五邑大学智能制造学部牵头共建实验室。", "五邑大学智能制造学部", "university", None),
        ("西安交通大学国家技术转移中心主任赵立新说。", "西安交通大学国家技术转移中心", "university", None),
        ("中国科学技术大学先进技术研究院院长陈刚介绍。", "中国科学技术大学先进技术研究院", "university", None),
        ("集聚了科学岛、能源研究院等高能级科研院所。", "能源研究院", "research", None),
        ("广东省科学院江门产业技术研究院院长表示。", "广东省科学院江门产业技术研究院", "research", None),
        ("共建的储能安全联合实验室今年3月挂牌。", "储能安全联合实验室", "research", None),
        ("株洲日报讯（记者 谭晓雯）10月24日，全市经济运行情况发布。", "株洲日报", "media", None),
        ("合肥市第一人民医院专家会诊。", "合肥市第一人民医院", "facility", None),
        ("依托赣州国际陆港，南康家具企业进口木材更加便捷。", "赣州国际陆港", "facility", None),
        ("海尔集团公司与青岛大学附属医院签署合作协议。", "青岛大学附属医院", "facility", None),
        ("山东大学齐鲁医院、潍坊学院等单位积极参与产教融合。", "山东大学齐鲁医院", "facility", None),
        # a group or brand inside a company's registered name
        ("芜湖市与奇瑞控股集团有限公司、安徽省投资集团控股有限公司等企业签约。", "奇瑞控股集团有限公司", "company", None),
        ("芜湖市与奇瑞控股集团有限公司、安徽省投资集团控股有限公司等企业签约。", "安徽省投资集团控股有限公司", "company", None),
        # level words standing for the article's place
        ("合肥市委、市政府高度重视人才工作。市委组织部部长王华在会上强调。", "合肥市委组织部", "government", "市委组织部"),
        ("合肥市委、市政府高度重视人才工作。", "合肥市政府", "government", "市政府"),
        ("伦教街道办事处主任何伟明说，街道将推广“一网通办”。", "伦教街道办事处", "government", None),
        ("合肥市庐阳区科技局发布通知。", "合肥市庐阳区科技局", "government", "庐阳区科技局"),
    ],
)
def test_organisation_found_with_type(sentence, name, org_type, alias):
    found = orgs_of(sentence)
    assert name in found, found.keys()
    assert found[name].type == org_type
    if alias:
        assert alias in found[name].aliases


@pytest.mark.parametrize(
    "sentence, not_wanted",
    [
        ("园区将努力建成10余万平方米的科创载体。", "园区"),
        ("打造园区“吸引核”，从项目园区的“星火燎原”说起。", "项目园区"),
        ("庐阳优质园区载体如雨后春笋纷纷涌现。", "庐阳优质园区"),
        ("公司自主开发的高精度传感器处于国内领先地位。", "公司"),
        ("还组建了29只产业投资基金，为创新型企业提供资金保障。", "产业投资基金"),
        ("定期组织“局长接办日”活动、持续开展“全程代办”服务。", "接办"),
        ("前瞻布局聚变能源、深空探测等未来产业。", "前瞻布局"),
        ("登“门”（校门）入“室”（实验室）深挖科技成果。", "实验室"),
        ("去年9月将总部迁至庐阳区。", "总部"),
        ("已建成中试基地14个、概念验证中心6家。", "中试基地"),
        ("“过去银行看报表、看抵押，现在更看重技术。”", "过去银行"),
        ("邀请19家金融机构入驻。", "金融机构"),
        ("同日，科技有限公司代表出席。", "科技有限公司"),
        ("三大园区产值突破千亿元。", "三大园区"),
        ("管委会负责人介绍，园区建设加快。", "管委会"),
        ("打造“一站式”服务中心，企业办事更便捷。", "一站式服务中心"),
        ("建成“15分钟”便民服务中心30个。", "15分钟便民服务中心"),
        ("全市建成“智慧”园区12个，智慧产业园3个。", "智慧园区"),
        ("国家重点实验室落户合肥。", "国家重点实验室"),
    ],
)
def test_no_generic_organisation(sentence, not_wanted):
    found = orgs_of(sentence)
    assert not any(not_wanted in forms(o) for o in found.values()), found.keys()
    assert not any(o.name in ("园区", "公司", "该区", "中心") for o in found.values())


def test_deictic_prefix_resolved_to_the_article_district():
    text = ("合肥市庐阳区召开动员大会。庐阳区新签约项目92个。"
            "“确保项目招得来、落得下。”该区投促中心相关负责人表示。")
    found = orgs_of(text)
    assert "庐阳区投促中心" in found
    assert {"该区投促中心", "投促中心"} <= set(found["庐阳区投促中心"].aliases)
    assert found["庐阳区投促中心"].type == "government"


def test_level_prefix_resolved_to_the_article_city():
    text = "西安高新区管委会联合市科技局出台措施。西安交通大学的成果在西安落地。"
    assert "西安市科技局" in orgs_of(text)


def test_mentions_of_one_body_are_merged_with_offsets():
    text = ("同济大学汽车学院、安徽中科热仪科技有限公司等项目签约入驻。"
            "“多亏了‘金色小管家’。”安徽中科热仪科技有限公司相关负责人告诉记者。")
    org = orgs_of(text)["安徽中科热仪科技有限公司"]
    assert len(org.mentions) == 2
    for mention in org.mentions:
        assert text[mention.span[0]:mention.span[1]] == mention.text == org.name
        assert mention.original_span is None


def test_prefixed_and_bare_forms_are_one_body():
    text = ("科学仪器产业园、智能传感器产业园纷纷涌现。"
            "庐阳区党政负责人走进庐阳智能传感器产业园开展服务。合肥市庐阳区加快发展。")
    found = orgs_of(text)
    parks = [o for o in found.values() if "智能传感器产业园" in forms(o)]
    assert len(parks) == 1 and "庐阳智能传感器产业园" in forms(parks[0])


def test_bare_body_joins_its_full_name():
    text = "中共顺德区委宣传部等单位参加活动。顺德区委常委、宣传部部长梁晓明出席并讲话。"
    found = orgs_of(text)
    assert "宣传部" not in found and "宣传部" in found["中共顺德区委宣传部"].aliases
    assert persons_of(text)["梁晓明"].organisation == "中共顺德区委宣传部"


def test_abbreviation_joins_the_full_name():
    text = ("中国科学院西安光学精密机械研究所等院所现场签约。"
            "陕西星曜光电科技有限公司是西安光机所孵化的硬科技企业之一。")
    found = orgs_of(text)
    assert "西安光机所" in found["中国科学院西安光学精密机械研究所"].aliases
    assert "西安光机所" not in found


def test_distinct_universities_stay_apart():
    found = orgs_of("南京大学、东南大学、南京航空航天大学等高校的专家参加了论坛。")
    assert {"南京大学", "东南大学", "南京航空航天大学"} <= set(found)


def test_stock_code_names_a_listed_company():
    text = ("潍柴动力股份有限公司、山东重工集团有限公司等企业负责人参会。"
            "潍柴动力（000338）董事长谭旭光在会上表示，公司将加大研发投入。")
    org = orgs_of(text)["潍柴动力股份有限公司"]
    assert "潍柴动力" in org.aliases and len(org.mentions) == 2
    assert persons_of(text)["谭旭光"].organisation == "潍柴动力股份有限公司"


def test_short_name_defined_in_brackets_becomes_alias():
    text = "合肥芯谷微电子有限公司（以下简称“芯谷微”）成立于2019年。目前，芯谷微已完成三轮融资。"
    org = orgs_of(text)["合肥芯谷微电子有限公司"]
    assert "芯谷微" in org.aliases and len(org.mentions) == 2


# ------------------------------------------------------------------ persons

@pytest.mark.parametrize(
    "sentence, name, title, organisation",
    [
        ("“我们期待在庐阳区有一番作为。”安徽瑞控信光电技术股份有限公司总经理刘耀军介绍。",
         "刘耀军", "总经理", "安徽瑞控信光电技术股份有限公司"),
        ("晋江市地方金融监管局局长王建华介绍，该局推出新产品。", "王建华", "局长", "晋江市地方金融监管局"),
        ("香港华晟储能投资有限公司董事长陈家豪在签约后表示。", "陈家豪", "董事长", "香港华晟储能投资有限公司"),
        ("江门市副市长吴桂林在推介会上说。", "吴桂林", "副市长", "江门市"),
        ("在江门高新区，广东中储新能源科技有限公司的车间里产线满负荷运转。公司总经理欧阳志峰介绍，项目已投产。",
         "欧阳志峰", "总经理", "广东中储新能源科技有限公司"),
        ("广东省科学院江门产业技术研究院今年挂牌。研究院院长司徒文博表示，将开展攻关。",
         "司徒文博", "院长", "广东省科学院江门产业技术研究院"),
        ("株洲市统计局党组成员、副局长刘海燕在发布会上介绍。", "刘海燕", "党组成员、副局长", "株洲市统计局"),
        ("“一季度开局即冲刺。”吴江区委常委、副区长周建明在签约仪式上介绍，吴江区新签约项目56个。",
         "周建明", "吴江区委常委、副区长", None),
        ("安徽江淮汽车集团股份有限公司党委书记、董事长项兴初在会上说。",
         "项兴初", "党委书记、董事长", "安徽江淮汽车集团股份有限公司"),
        ("由江苏恒芯光电科技有限公司投资建设。该公司董事长徐明远表示：“选择吴江，看中的是这里的产业链。”",
         "徐明远", "董事长", "江苏恒芯光电科技有限公司"),
        ("张明远董事长带领团队走访了多家企业。", "张明远", "董事长", None),
        # segmented 主/任何/伟/明说: the title ends inside a word
        ("伦教街道办事处主任何伟明说，街道将推广“一网通办”。", "何伟明", "主任", "伦教街道办事处"),
        ("人大代表王芳建议加快建设。", "王芳", "人大代表", None),
        ("潍坊学院院长王文说，学校今年新增智能制造专业。", "王文", "院长", "潍坊学院"),
        ("市委组织部部长王华在会上强调。合肥市加快发展。", "王华", "部长", "合肥市委组织部"),
        # a body's title inside the chain: the person belongs to that body
        ("西安高新区管委会出台措施。西安高新区党工委委员、管委会副主任李卫东表示，将加快发展。",
         "李卫东", "党工委委员、管委会副主任", "西安高新区管委会"),
        ("中共顺德区委宣传部等单位参加活动。顺德区委常委、宣传部部长梁晓明出席并讲话。",
         "梁晓明", "顺德区委常委、宣传部部长", "中共顺德区委宣传部"),
    ],
)
def test_person_with_title_and_organisation(sentence, name, title, organisation):
    found = persons_of(sentence)
    assert name in found, found.keys()
    assert found[name].title == title
    assert found[name].organisation == organisation


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("本报讯（记者 沈佳怡 通讯员 陆晓东）4月16日，签约活动举行。", {"沈佳怡": "记者", "陆晓东": "通讯员"}),
        ("（记者 王磊 李娜 通讯员 赵敏）", {"王磊": "记者", "李娜": "记者", "赵敏": "通讯员"}),
        ("西安高新区科技成果转化按下“快进键”\n本报记者 杨博文\n6月12日，对接会举行。", {"杨博文": "记者"}),
    ],
)
def test_bylines(sentence, expected):
    found = persons_of(sentence)
    assert {name: p.title for name, p in found.items()} == expected


def test_byline_names_its_paper():
    found = persons_of("株洲日报讯（记者 谭晓雯）10月24日，发布会召开。")
    assert found["谭晓雯"].organisation == "株洲日报"


@pytest.mark.parametrize(
    "sentence",
    [
        "定期组织“局长接办日”活动。",
        "记者了解到，吴江区今年全面推行新机制。",
        "安徽中科热仪科技有限公司相关负责人告诉记者，庐阳服务团队在走访。",
        "董事长表示，公司将加大研发投入。总经理介绍说，订单已排到年底。",
        "区长热线开通以来，共受理诉求3000余件。",
        "王者荣耀等游戏产品深受青年喜爱。",
        "记者看到，这家公司的车间里机器轰鸣。",
        "局长信箱收到来信200件。",
        "该案例具有代表性，企业代表纷纷发言。",
        "首批全球合伙人及项目签约仪式同期举行。",
        "办公室主任何时到岗还不确定。",
        "通讯员供图",
    ],
)
def test_no_false_persons(sentence):
    assert persons_of(sentence) == {}


# ------------------------------------------------------------------ locations

def test_locations_of_a_district_article():
    text = ("2月6日上午，合肥市庐阳区召开动员大会。庐阳区新签约项目92个，助力该区首次跻身十强区。"
            "位于该区大杨镇的黄岗科技产业园将加快建设。新质生产力在庐阳拔节生长。"
            "“2018年，我们在北京市海淀区成立。”在合肥创造新世界纪录。")
    found = locations_of(text)
    assert "合肥" in found["合肥市"].aliases
    assert found["庐阳区"].parent == "合肥市"
    assert {"该区", "庐阳"} <= set(found["庐阳区"].aliases)
    assert found["大杨镇"].parent == "庐阳区"
    # a one-off address is one place with its parent, not two places
    assert found["海淀区"].parent == "北京市" and "北京市海淀区" in found["海淀区"].aliases
    assert "北京市" not in found


def test_city_introducing_the_article_district_is_a_place():
    text = "4月16日，苏州市吴江区举行集中签约。吴江区累计新签约项目56个。这是该区今年最大的一次签约。"
    found = locations_of(text)
    assert "苏州市" in found and found["吴江区"].parent == "苏州市"


@pytest.mark.parametrize(
    "sentence, name, parent",
    [
        ("长丰县双墩镇的企业总经理李明介绍。", "双墩镇", "长丰县"),
        ("在新都区大丰街道经营连锁餐饮的张女士说。", "大丰街道", "新都区"),
        ("签约活动在汾湖高新区举行。", "汾湖高新区", None),
        ("在赣州市南康区龙回镇的生产车间，智能生产线正运转。", "龙回镇", "南康区"),
        ("小分队还赴德国、日本等地举办专题推介会。", "德国", None),
        ("为粤港澳大湾区绿色发展贡献力量。", "粤港澳大湾区", None),
        ("杭州市余杭区人民政府与阿里巴巴集团签订协议。", "余杭区", "杭州市"),
        ("在高密市夏庄镇，山东豪迈机械科技股份有限公司的车间里机械臂有序运转。", "夏庄镇", "高密市"),
    ],
)
def test_place_with_parent(sentence, name, parent):
    found = locations_of(sentence)
    assert name in found, found.keys()
    assert found[name].parent == parent


def test_named_area_and_its_bare_references():
    text = ("6月12日，对接会在西安高新区举行。西安高新区技术合同成交额增长21.3%。"
            "同时，该区加快建设中试平台。高新区将加快培育新质生产力。")
    area = locations_of(text)["西安高新区"]
    assert {"该区", "高新区"} <= set(area.aliases)
    assert "西安市" not in locations_of(text)  # 西安 is part of the area's name here


@pytest.mark.parametrize(
    "sentence, not_wanted",
    [
        ("在美丽乡村建设中，城镇和乡镇都打造了一批特色小镇。", ("城镇", "乡镇", "特色小镇", "美丽乡")),
        ("江门距离广州约60公里，又是著名侨乡。", ("著名侨乡",)),
        ("积极融入“百县千镇万村高质量发展工程”。", ("百县千镇",)),
        ("中山大学、北京大学的专家出席。", ("中山市", "北京市")),
        ("江门市副市长吴桂林在推介会上说。", ("桂林市",)),
        ("在安徽中科太赫兹科技有限公司，一款设备引人注目。", ("安徽省",)),
        ("株洲市实现地区生产总值2712.35亿元。", ("实现地区",)),
        ("滨湖新区的会展中心将举办展会。", ("滨湖区",)),
    ],
)
def test_no_false_places(sentence, not_wanted):
    found = locations_of(sentence)
    assert not set(not_wanted) & set(found), found.keys()


def test_a_given_name_is_no_place():
    found = locations_of("“我们很有信心。”李金华表示，金华的产业基础很好。")
    assert len(found["金华市"].mentions) == 1


# ------------------------------------------------------------------ held-out failure classes

@pytest.mark.parametrize(
    "sentence, name",
    [
        ("浙江大学材料科学与工程学院教授张三表示，新材料已进入中试。", "浙江大学材料科学与工程学院"),
        ("南京大学化学和化工学院与企业共建联合实验室。", "南京大学化学和化工学院"),
        ("宁夏大学土木与水利工程学院承办了本次论坛。", "宁夏大学土木与水利工程学院"),
        ("上海交通大学电子信息与电气工程学院院长李明介绍。", "上海交通大学电子信息与电气工程学院"),
        ("清华大学计算机科学与技术系教授王五说，算力需求持续增长。", "清华大学计算机科学与技术系"),
    ],
)
def test_university_unit_with_conjunction_stays_whole(sentence, name):
    found = orgs_of(sentence)
    assert name in found, found.keys()
    assert found[name].type == "university"
    assert not {"工程学院", "水利工程学院", "化工学院", "技术系"} & set(found)


@pytest.mark.parametrize(
    "sentence, wanted, not_wanted",
    [
        ("南京市与东南大学签署战略合作协议。", {"东南大学"}, {"南京市与东南大学"}),
        ("南京大学物理系与化学系联合培养研究生。", {"南京大学物理系"}, {"南京大学物理系与化学系"}),
        ("合肥市和庐阳区科技局联合发布榜单。", {"庐阳区科技局"}, {"合肥市和庐阳区科技局"}),
        ("杭州市规划和自然资源局公布了出让结果。", {"杭州市规划和自然资源局"}, set()),
        ("构建现代产业体系，理顺政企关系。", set(), {"产业体系", "政企关系"}),
    ],
)
def test_conjunction_joins_only_one_body(sentence, wanted, not_wanted):
    found = set(orgs_of(sentence))
    assert wanted <= found and not (not_wanted & found), found


@pytest.mark.parametrize(
    "sentence, area",
    [
        ("截至目前，昌邑经济开发区已集聚化工企业50余家。", "昌邑经济开发区"),
        ("项目落户滨海高新区，总投资12亿元。", "滨海高新区"),
        ("青岛西海岸新区今年新签约项目86个。", "青岛西海岸新区"),
        ("苏州工业园区GDP同比增长5.2%。", "苏州工业园区"),
        ("依托临空经济区，物流企业加速集聚。", "临空经济区"),
        ("郑州综合保税区进出口额突破千亿元。", "郑州综合保税区"),
        ("寿光市经济开发区新签约项目12个。", "寿光市经济开发区"),  # an unlisted county names the area
    ],
)
def test_named_area_is_a_park_and_a_place(sentence, area):
    orgs, locations = orgs_of(sentence), locations_of(sentence)
    assert area in orgs and orgs[area].type == "park", orgs.keys()
    assert area in locations, locations.keys()


def test_area_committee_stays_government_and_area_is_a_park():
    orgs = orgs_of("昌邑经济开发区管委会主任李明说，园区将加快转型。")
    assert orgs["昌邑经济开发区管委会"].type == "government"
    assert orgs["昌邑经济开发区"].type == "park"
    assert persons_of("昌邑经济开发区管委会主任李明说。")["李明"].organisation == "昌邑经济开发区管委会"


@pytest.mark.parametrize(
    "sentence, place, not_park",
    [
        ("上海浦东新区和天津滨海新区的经济总量均超万亿元。", "浦东新区", "上海浦东新区"),
        ("推动长三角经济区一体化发展。", "长三角经济区", "长三角经济区"),
    ],
)
def test_districts_and_macro_regions_are_places_not_parks(sentence, place, not_park):
    assert place in locations_of(sentence)
    assert not_park not in orgs_of(sentence)


def test_place_before_an_area_stays_a_place_and_the_park_is_one_body():
    text = "在福建省晋江市五里工业园区，企业加紧生产。五里工业园区已入驻企业80家。"
    parks = [o for o in extract_entities(text)[0] if o.type == "park"]
    assert len(parks) == 1 and "五里工业园区" in forms(parks[0])
    assert {"晋江市", "五里工业园区"} <= set(locations_of(text))


@pytest.mark.parametrize(
    "sentence",
    [
        "支持国家级新区和各类开发区高质量发展。",
        "全市工业园区规上工业产值增长8%。",
        "推动经济区与行政区适度分离，加快建设新区。",
        "在本市经济开发区投资的企业可享受补贴。",
    ],
)
def test_kinds_of_area_are_neither_parks_nor_places(sentence):
    assert not [o for o in extract_entities(sentence)[0] if o.type == "park"]
    assert locations_of(sentence) == {}


def test_area_inside_a_company_name_is_no_park():
    text = "合肥高新区科大讯飞股份有限公司发布新品。"
    assert set(orgs_of(text)) == {"合肥高新区科大讯飞股份有限公司"}


@pytest.mark.parametrize(
    "sentence, wanted, not_wanted",
    [
        ("今年前三季度，株洲经济总量位居湖南省地级市前列。", {"湖南省"}, {"地级市"}),
        ("昆山市GDP连续多年位居全国县级市首位。", {"昆山市"}, {"县级市"}),
        ("作为省会城市，长沙市要发挥带动作用。", {"长沙市"}, {"省会城市"}),
        ("与四个直辖市和部分副省级城市相比仍有差距。", set(), {"直辖市", "副省级城市"}),
    ],
)
def test_kinds_of_administrative_unit_are_no_places(sentence, wanted, not_wanted):
    found = locations_of(sentence)
    assert wanted <= set(found) and not (not_wanted & set(found)), found.keys()
    if "湖南省" in wanted:
        assert found["湖南省"].parent is None


@pytest.mark.parametrize(
    "sentence, province, innermost, parent",
    [
        ("该项目位于江苏省苏州市昆山市，总投资30亿元。", "江苏省", "昆山市", "苏州市"),
        ("在山东省潍坊市寿光市，蔬菜大棚连片成方。", "山东省", "寿光市", "潍坊市"),
    ],
)
def test_three_level_address_names_its_province(sentence, province, innermost, parent):
    found = locations_of(sentence)
    assert province in found and found[innermost].parent == parent, found.keys()


def test_two_level_address_stays_one_location():
    found = locations_of("研发中心设在北京市海淀区。")
    assert set(found) == {"海淀区"} and found["海淀区"].parent == "北京市"
    assert "北京市海淀区" in found["海淀区"].aliases


@pytest.mark.parametrize(
    "sentence, name, title, organisation",
    [
        ("华远集团董事长陈国庆说，今年将新开工项目5个。", "陈国庆", "董事长", "华远集团"),
        ("市长王国庆在会上说，要全力稳增长。", "王国庆", "市长", None),
        ("总经理张元旦介绍，订单已排到明年。", "张元旦", "总经理", None),
        ("王国庆董事长表示，公司将加大研发投入。", "王国庆", "董事长", None),
        ("张元旦副市长强调，要压实安全责任。", "张元旦", "副市长", None),
    ],
)
def test_name_holding_a_holiday_word_is_a_person(sentence, name, title, organisation):
    found = persons_of(sentence)
    assert name in found, found.keys()
    assert found[name].title == title and found[name].organisation == organisation


@pytest.mark.parametrize(
    "sentence", ["市长春节期间走访困难群众。", "副市长在元旦当天看望一线职工。", "局长于春节期间带队检查安全生产。"]
)
def test_holiday_after_a_title_is_no_person(sentence):
    assert persons_of(sentence) == {}


# ------------------------------------------------------------------ inputs

def test_entities_overlapping_unrecoverable_spans_are_skipped():
    text = "在安徽中科太赫兹科技有限公司，设备引人注目。华夏银行提供贷款。"
    start = text.index("中科")
    found = orgs_of(text, unrecoverable=[(start, start + 1)])
    assert "安徽中科太赫兹科技有限公司" not in found and "华夏银行" in found


def test_model_spans_move_the_left_boundary_and_add_names():
    text = "据介绍，达成科技有限公司今年产值翻番。会上，张明远介绍了经验。"
    assert "达成科技有限公司" not in orgs_of(text)
    company = (text.index("达成"), text.index("今年"), "ORG")
    person = (text.index("张明远"), text.index("张明远") + 3, "PER")
    orgs = orgs_of(text, model_spans=[company, person])
    assert "model" in orgs["达成科技有限公司"].sources
    assert "张明远" in persons_of(text, model_spans=[company, person])


def test_model_org_made_of_places_is_no_organisation():
    text = "合肥市庐阳区积极对接，企业纷纷落户。"
    orgs = orgs_of(text, model_spans=[(0, 6, "ORG")])
    assert "合肥市庐阳区" not in orgs
    assert "庐阳区" in locations_of(text, model_spans=[(0, 6, "ORG")])


def test_model_span_never_cuts_a_rule_name():
    text = "未来创谷产业园等园区纷纷涌现。"
    cut = (text.index("谷产业园"), text.index("等"), "ORG")
    assert "未来创谷产业园" in orgs_of(text, model_spans=[cut])


def test_model_only_body_is_typed_by_its_head():
    text = "南康区委常委、副区长钟海林表示，要抓住机遇。"
    orgs = orgs_of(text, model_spans=[(0, 4, "ORG")])
    assert orgs["南康区委"].type == "government"


@pytest.mark.parametrize(
    "sentence, span_text, label",
    [
        ("“选择吴江，看中的是这里的产业链。”", "吴江", "PER"),           # a place's short form
        ("局长于春节期间带队检查安全生产。", "于春", "PER"),             # ends inside 春节; 于 is weak
        ("寿光市经济开发区新签约项目12个。", "寿光市经济开发区新签约", "ORG"),  # no head; runs over an area
    ],
)
def test_loose_model_spans_add_nothing(sentence, span_text, label):
    start = sentence.index(span_text)
    span = (start, start + len(span_text), label)
    plain = [{e.name for e in section} for section in extract_entities(sentence)]
    with_model = [{e.name for e in section} for section in extract_entities(sentence, model_spans=[span])]
    assert with_model == plain


def test_works_without_model_output():
    assert extract_entities("华夏银行提供贷款。", model_spans=None)[0][0].name == "华夏银行"


def test_component_sets_doc_extensions():
    from extract.nlp import get_nlp

    doc = get_nlp()("“我们期待有一番作为。”安徽瑞控信光电技术股份有限公司总经理刘耀军介绍，合肥市庐阳区积极开展对接。")
    assert [o.name for o in doc._.organisations] == ["安徽瑞控信光电技术股份有限公司"]
    assert doc._.persons[0].name == "刘耀军"
    assert {loc.name for loc in doc._.locations} >= {"庐阳区"}


# ------------------------------------------------------------------ reference article

def test_reference_article_scores():
    from extract.evaluate import score_section

    gold = json.loads(REFERENCE_GOLD.read_text(encoding="utf-8"))
    text = REFERENCE_TEXT.read_text(encoding="utf-8")
    organisations, persons, locations = extract_entities(text)
    for section, items in (("organisations", organisations), ("persons", persons), ("locations", locations)):
        result = score_section(section, [i.model_dump() for i in items], gold[section], [], [])
        assert result["f1"] >= 0.9, (section, result["misses"], result["false_positive_items"])
    pairs = score_section("organisations", [o.model_dump() for o in organisations], gold["organisations"], [], [])["pairs"]
    right = sum(pred["type"] == g["type"] for pred, g in pairs)
    assert right / len(pairs) >= 0.9
