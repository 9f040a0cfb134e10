"""Writes extract/resources/places.tsv: a gazetteer of Chinese administrative places.

No network is available to this project, so the data below was written from the author's
knowledge of the administrative divisions of the People's Republic of China as published by
the Ministry of Civil Affairs (行政区划, situation around 2023-2024): every provincial-level
unit, every prefecture-level unit, and the county-level units of the four municipalities,
Anhui, Jiangsu and Zhejiang, plus the districts of several provincial capitals and big cities.
It may contain mistakes; fix them here and re-run `python scripts/build_places.py`.

Columns of the output: name, level (province/prefecture/county), parent, short (the form
without the administrative suffix that news uses alone: 合肥 for 合肥市; empty when the short
form would be a single character or a common word).
"""

from __future__ import annotations

import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "extract" / "resources" / "places.tsv"

PROVINCES = """
北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 浙江省 安徽省 福建省 江西省
山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 贵州省 云南省 陕西省 甘肃省 青海省 台湾省
内蒙古自治区 广西壮族自治区 西藏自治区 宁夏回族自治区 新疆维吾尔自治区 香港特别行政区 澳门特别行政区
"""

# province: its prefecture-level units (municipalities have none; their districts are below).
PREFECTURES = {
    "河北省": "石家庄市 唐山市 秦皇岛市 邯郸市 邢台市 保定市 张家口市 承德市 沧州市 廊坊市 衡水市",
    "山西省": "太原市 大同市 阳泉市 长治市 晋城市 朔州市 晋中市 运城市 忻州市 临汾市 吕梁市",
    "内蒙古自治区": "呼和浩特市 包头市 乌海市 赤峰市 通辽市 鄂尔多斯市 呼伦贝尔市 巴彦淖尔市 乌兰察布市 兴安盟 锡林郭勒盟 阿拉善盟",
    "辽宁省": "沈阳市 大连市 鞍山市 抚顺市 本溪市 丹东市 锦州市 营口市 阜新市 辽阳市 盘锦市 铁岭市 朝阳市 葫芦岛市",
    "吉林省": "长春市 吉林市 四平市 辽源市 通化市 白山市 松原市 白城市 延边朝鲜族自治州",
    "黑龙江省": "哈尔滨市 齐齐哈尔市 鸡西市 鹤岗市 双鸭山市 大庆市 伊春市 佳木斯市 七台河市 牡丹江市 黑河市 绥化市 大兴安岭地区",
    "江苏省": "南京市 无锡市 徐州市 常州市 苏州市 南通市 连云港市 淮安市 盐城市 扬州市 镇江市 泰州市 宿迁市",
    "浙江省": "杭州市 宁波市 温州市 嘉兴市 湖州市 绍兴市 金华市 衢州市 舟山市 台州市 丽水市",
    "安徽省": "合肥市 芜湖市 蚌埠市 淮南市 马鞍山市 淮北市 铜陵市 安庆市 黄山市 滁州市 阜阳市 宿州市 六安市 亳州市 池州市 宣城市",
    "福建省": "福州市 厦门市 莆田市 三明市 泉州市 漳州市 南平市 龙岩市 宁德市",
    "江西省": "南昌市 景德镇市 萍乡市 九江市 新余市 鹰潭市 赣州市 吉安市 宜春市 抚州市 上饶市",
    "山东省": "济南市 青岛市 淄博市 枣庄市 东营市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市",
    "河南省": "郑州市 开封市 洛阳市 平顶山市 安阳市 鹤壁市 新乡市 焦作市 濮阳市 许昌市 漯河市 三门峡市 南阳市 商丘市 信阳市 周口市 驻马店市",
    "湖北省": "武汉市 黄石市 十堰市 宜昌市 襄阳市 鄂州市 荆门市 孝感市 荆州市 黄冈市 咸宁市 随州市 恩施土家族苗族自治州",
    "湖南省": "长沙市 株洲市 湘潭市 衡阳市 邵阳市 岳阳市 常德市 张家界市 益阳市 郴州市 永州市 怀化市 娄底市 湘西土家族苗族自治州",
    "广东省": "广州市 韶关市 深圳市 珠海市 汕头市 佛山市 江门市 湛江市 茂名市 肇庆市 惠州市 梅州市 汕尾市 河源市 阳江市 清远市 东莞市 中山市 潮州市 揭阳市 云浮市",
    "广西壮族自治区": "南宁市 柳州市 桂林市 梧州市 北海市 防城港市 钦州市 贵港市 玉林市 百色市 贺州市 河池市 来宾市 崇左市",
    "海南省": "海口市 三亚市 三沙市 儋州市",
    "四川省": "成都市 自贡市 攀枝花市 泸州市 德阳市 绵阳市 广元市 遂宁市 内江市 乐山市 南充市 眉山市 宜宾市 广安市 达州市 雅安市 巴中市 资阳市 阿坝藏族羌族自治州 甘孜藏族自治州 凉山彝族自治州",
    "贵州省": "贵阳市 六盘水市 遵义市 安顺市 毕节市 铜仁市 黔西南布依族苗族自治州 黔东南苗族侗族自治州 黔南布依族苗族自治州",
    "云南省": "昆明市 曲靖市 玉溪市 保山市 昭通市 丽江市 普洱市 临沧市 楚雄彝族自治州 红河哈尼族彝族自治州 文山壮族苗族自治州 西双版纳傣族自治州 大理白族自治州 德宏傣族景颇族自治州 怒江傈僳族自治州 迪庆藏族自治州",
    "西藏自治区": "拉萨市 日喀则市 昌都市 林芝市 山南市 那曲市 阿里地区",
    "陕西省": "西安市 铜川市 宝鸡市 咸阳市 渭南市 延安市 汉中市 榆林市 安康市 商洛市",
    "甘肃省": "兰州市 嘉峪关市 金昌市 白银市 天水市 武威市 张掖市 平凉市 酒泉市 庆阳市 定西市 陇南市 临夏回族自治州 甘南藏族自治州",
    "青海省": "西宁市 海东市 海北藏族自治州 黄南藏族自治州 海南藏族自治州 果洛藏族自治州 玉树藏族自治州 海西蒙古族藏族自治州",
    "宁夏回族自治区": "银川市 石嘴山市 吴忠市 固原市 中卫市",
    "新疆维吾尔自治区": "乌鲁木齐市 克拉玛依市 吐鲁番市 哈密市 昌吉回族自治州 博尔塔拉蒙古自治州 巴音郭楞蒙古自治州 阿克苏地区 克孜勒苏柯尔克孜自治州 喀什地区 和田地区 伊犁哈萨克自治州 塔城地区 阿勒泰地区",
    "台湾省": "台北市 新北市 桃园市 台中市 台南市 高雄市",
}

# parent (municipality or prefecture): its county-level units.
COUNTIES = {
    "北京市": "东城区 西城区 朝阳区 丰台区 石景山区 海淀区 门头沟区 房山区 通州区 顺义区 昌平区 大兴区 怀柔区 平谷区 密云区 延庆区",
    "天津市": "和平区 河东区 河西区 南开区 河北区 红桥区 东丽区 西青区 津南区 北辰区 武清区 宝坻区 滨海新区 宁河区 静海区 蓟州区",
    "上海市": "黄浦区 徐汇区 长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 金山区 松江区 青浦区 奉贤区 崇明区",
    "重庆市": "万州区 涪陵区 渝中区 大渡口区 江北区 沙坪坝区 九龙坡区 南岸区 北碚区 綦江区 大足区 渝北区 巴南区 黔江区 长寿区 江津区 合川区 永川区 南川区 璧山区 铜梁区 潼南区 荣昌区 开州区 梁平区 武隆区 城口县 丰都县 垫江县 忠县 云阳县 奉节县 巫山县 巫溪县 石柱土家族自治县 秀山土家族苗族自治县 酉阳土家族苗族自治县 彭水苗族土家族自治县",
    # Anhui
    "合肥市": "瑶海区 庐阳区 蜀山区 包河区 长丰县 肥东县 肥西县 庐江县 巢湖市",
    "芜湖市": "镜湖区 弋江区 鸠江区 湾沚区 繁昌区 南陵县 无为市",
    "蚌埠市": "龙子湖区 蚌山区 禹会区 淮上区 怀远县 五河县 固镇县",
    "淮南市": "大通区 田家庵区 谢家集区 八公山区 潘集区 凤台县 寿县",
    "马鞍山市": "花山区 雨山区 博望区 当涂县 含山县",  # 和县 left out: it reads as 和 + 县 (市和县)
    "淮北市": "杜集区 相山区 烈山区 濉溪县",
    "铜陵市": "铜官区 义安区 郊区 枞阳县",
    "安庆市": "迎江区 大观区 宜秀区 怀宁县 太湖县 宿松县 望江县 岳西县 桐城市 潜山市",
    "黄山市": "屯溪区 黄山区 徽州区 歙县 休宁县 黟县 祁门县",
    "滁州市": "琅琊区 南谯区 来安县 全椒县 定远县 凤阳县 天长市 明光市",
    "阜阳市": "颍州区 颍东区 颍泉区 临泉县 太和县 阜南县 颍上县 界首市",
    "宿州市": "埇桥区 砀山县 萧县 灵璧县 泗县",
    "六安市": "金安区 裕安区 叶集区 霍邱县 舒城县 金寨县 霍山县",
    "亳州市": "谯城区 涡阳县 蒙城县 利辛县",
    "池州市": "贵池区 东至县 石台县 青阳县",
    "宣城市": "宣州区 郎溪县 泾县 绩溪县 旌德县 宁国市 广德市",
    # Jiangsu
    "南京市": "玄武区 秦淮区 建邺区 鼓楼区 浦口区 栖霞区 雨花台区 江宁区 六合区 溧水区 高淳区",
    "无锡市": "锡山区 惠山区 滨湖区 梁溪区 新吴区 江阴市 宜兴市",
    "徐州市": "鼓楼区 云龙区 贾汪区 泉山区 铜山区 丰县 沛县 睢宁县 新沂市 邳州市",
    "常州市": "天宁区 钟楼区 新北区 武进区 金坛区 溧阳市",
    "苏州市": "虎丘区 吴中区 相城区 姑苏区 吴江区 常熟市 张家港市 昆山市 太仓市",
    "南通市": "通州区 崇川区 海门区 如东县 启东市 如皋市 海安市",
    "连云港市": "连云区 海州区 赣榆区 东海县 灌云县 灌南县",
    "淮安市": "淮安区 淮阴区 清江浦区 洪泽区 涟水县 盱眙县 金湖县",
    "盐城市": "亭湖区 盐都区 大丰区 响水县 滨海县 阜宁县 射阳县 建湖县 东台市",
    "扬州市": "广陵区 邗江区 江都区 宝应县 仪征市 高邮市",
    "镇江市": "京口区 润州区 丹徒区 丹阳市 扬中市 句容市",
    "泰州市": "海陵区 高港区 姜堰区 兴化市 靖江市 泰兴市",
    "宿迁市": "宿城区 宿豫区 沭阳县 泗阳县 泗洪县",
    # Zhejiang
    "杭州市": "上城区 拱墅区 西湖区 滨江区 萧山区 余杭区 临平区 钱塘区 富阳区 临安区 桐庐县 淳安县 建德市",
    "宁波市": "海曙区 江北区 北仑区 镇海区 鄞州区 奉化区 象山县 宁海县 余姚市 慈溪市",
    "温州市": "鹿城区 龙湾区 瓯海区 洞头区 永嘉县 平阳县 苍南县 文成县 泰顺县 瑞安市 乐清市 龙港市",
    "嘉兴市": "南湖区 秀洲区 嘉善县 海盐县 海宁市 平湖市 桐乡市",
    "湖州市": "吴兴区 南浔区 德清县 长兴县 安吉县",
    "绍兴市": "越城区 柯桥区 上虞区 新昌县 诸暨市 嵊州市",
    "金华市": "婺城区 金东区 武义县 浦江县 磐安县 兰溪市 义乌市 东阳市 永康市",
    "衢州市": "柯城区 衢江区 常山县 开化县 龙游县 江山市",
    "舟山市": "定海区 普陀区 岱山县 嵊泗县",
    "台州市": "椒江区 黄岩区 路桥区 三门县 天台县 仙居县 温岭市 临海市 玉环市",
    "丽水市": "莲都区 青田县 缙云县 遂昌县 松阳县 云和县 庆元县 景宁畲族自治县 龙泉市",
    # Districts of other big cities
    "广州市": "荔湾区 越秀区 海珠区 天河区 白云区 黄埔区 番禺区 花都区 南沙区 从化区 增城区",
    "深圳市": "罗湖区 福田区 南山区 宝安区 龙岗区 盐田区 龙华区 坪山区 光明区",
    "武汉市": "江岸区 江汉区 硚口区 汉阳区 武昌区 青山区 洪山区 东西湖区 汉南区 蔡甸区 江夏区 黄陂区 新洲区",
    "成都市": "锦江区 青羊区 金牛区 武侯区 成华区 龙泉驿区 青白江区 新都区 温江区 双流区 郫都区 新津区 金堂县 大邑县 蒲江县 都江堰市 彭州市 邛崃市 崇州市 简阳市",
    "西安市": "新城区 碑林区 莲湖区 灞桥区 未央区 雁塔区 阎良区 临潼区 长安区 高陵区 鄠邑区 蓝田县 周至县",
    "郑州市": "中原区 二七区 管城回族区 金水区 上街区 惠济区 巩义市 荥阳市 新密市 新郑市 登封市 中牟县",
    "长沙市": "芙蓉区 天心区 岳麓区 开福区 雨花区 望城区 长沙县 浏阳市 宁乡市",
    "济南市": "历下区 市中区 槐荫区 天桥区 历城区 长清区 章丘区 济阳区 莱芜区 钢城区 平阴县 商河县",
    "青岛市": "市南区 市北区 黄岛区 崂山区 李沧区 城阳区 即墨区 胶州市 平度市 莱西市",
    "福州市": "鼓楼区 台江区 仓山区 马尾区 晋安区 长乐区 闽侯县 连江县 罗源县 闽清县 永泰县 平潭县 福清市",
    "厦门市": "思明区 海沧区 湖里区 集美区 同安区 翔安区",
    "南昌市": "东湖区 西湖区 青云谱区 青山湖区 新建区 红谷滩区 南昌县 安义县 进贤县",
}

# Short forms that read as ordinary words (or name something else) in news text: the
# place is then only recognised by its full name (every county short form is treated so).
AMBIGUOUS_SHORT = set("""
长治 大同 安康 白银 朝阳 白山 中山 阿里 南平 普洱 吉安 黑河 延安 和平 河东 河西 河北 南开 江北
城中 市中 市南 市北 新城 长安 鼓楼 青山 白云 宝山 普陀 中原 西湖 东湖 天心 雨花 南山 光明 龙华
新建 滨海 黄岛 金山 长宁 通州 城阳 天桥 二七 上街 同安 集美 大观 东城 西城 天宁 新北 开化
常山 江山 龙泉 永康 东阳 平阳 海宁 海安 海门 天长 东至 太和 太湖 望江 来安 大通 花山 雨山 义安
南湖 金安 明光 界首 宁国 东海 宝应 兴化 如东 启东 南沙 黄埔 天河 福田 江岸 江汉 汉阳 武昌 江夏
新洲 锦江 金牛 武侯 成华 新都 双流 未央 长清 马尾 台江 长乐 永泰 新津 大兴 平谷 密云 南岸 长寿
大足 梁平 忠县 城口 巫山 云阳 静安 红桥 东丽 宁河 静海 浦东 海南 吉林 三明 保山 通化 四平 金昌
定西 中卫 海东 伊春 大庆 常德 益阳 玉林 北海 来宾 百色 三沙 山南 和田 日照 德州 泰安 东营 安阳
南阳 信阳 黄石 随州 咸宁 岳阳 衡阳 永州 乐山 广安 资阳 遵义 玉溪 天水 平凉 庆阳 西宁 吴忠 固原
新余 九江 河源 阳江 清远 云浮 江门 黄山 宣城 淮北 铜陵 安庆 晋城 运城 吕梁 晋中 阳泉 承德 保定
营口 本溪 抚顺 盘锦 白城 鸡西 花都 从化 增城 番禺 宝安 龙岗 坪山 盐田 罗湖 温江 郫都 青羊 碑林
莲湖 高陵 蓝田 周至 金水 惠济 巩义 芙蓉 岳麓 开福 望城 宁乡 历下 槐荫 历城 章丘 济阳 莱芜 钢城
平阴 商河 崂山 李沧 即墨 胶州 平度 莱西 仓山 晋安 连江 罗源 永泰 平潭 福清 思明 海沧 湖里 翔安
青云谱 青山湖 安义 进贤 昌平 顺义 房山 怀柔 延庆 丰台 东城 石景山 门头沟 万州 渝中 江津 合川 永川
南川 璧山 铜梁 潼南 荣昌 开州 武隆 丰都 垫江 奉节 巫溪 镜湖 弋江 鸠江 湾沚 繁昌 南陵 无为 宜秀
怀宁 宿松 岳西 桐城 潜山 屯溪 徽州 休宁 祁门 琅琊 南谯 全椒 定远 凤阳 颍州 颍东 颍泉 临泉 阜南
颍上 埇桥 砀山 灵璧 裕安 叶集 霍邱 舒城 金寨 霍山 谯城 涡阳 蒙城 利辛 贵池 青阳 石台 宣州 郎溪
绩溪 旌德 广德 凤台 怀远 五河 固镇 龙子湖 蚌山 禹会 淮上 田家庵 谢家集 八公山 潘集 博望 当涂 含山
杜集 相山 烈山 濉溪 铜官 枞阳 瑶海 蜀山 包河 长丰 肥东 肥西 庐江 巢湖 庐阳 迎江
""".split())

ETHNIC = re.compile(r"(?:朝鲜|土家|苗|藏|羌|彝|布依|侗|哈尼|壮|傣|白|景颇|傈僳|回|蒙古|柯尔克孜|哈萨克|维吾尔|畲)族?$")
SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|地区|新区|省|市|区|县|盟)$")


def short_form(name: str) -> str:
    """合肥市 → 合肥, 延边朝鲜族自治州 → 延边; '' when that leaves one character."""
    stem = SUFFIX.sub("", name)
    # Ethnic names are dropped from autonomous units (延边朝鲜族 → 延边), never below two
    # characters (内蒙古 stays, 西藏 stays).
    while len(ETHNIC.sub("", stem)) >= 2 and ETHNIC.sub("", stem) != stem:
        stem = ETHNIC.sub("", stem)
    return stem if len(stem) >= 2 and stem != name else ""


def rows() -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []
    for province in PROVINCES.split():
        out.append((province, "province", "", short_form(province)))
    for province, names in PREFECTURES.items():
        for name in names.split():
            out.append((name, "prefecture", province, short_form(name)))
    for parent, names in COUNTIES.items():
        for name in names.split():
            out.append((name, "county", parent, short_form(name)))
    return out


def main() -> None:
    header = [
        "# Gazetteer of Chinese administrative places, generated by scripts/build_places.py.",
        "# Written from the author's knowledge of the PRC administrative divisions (Ministry of",
        "# Civil Affairs lists, about 2023-2024); no network source was reachable. All provincial",
        "# and prefecture-level units; county-level units of the municipalities, Anhui, Jiangsu,",
        "# Zhejiang and the districts of several big cities.",
        "# Columns: name, level (province/prefecture/county), parent, short (safe standalone short form,",
        "# empty when it would be ambiguous), ambiguous_short (short form only trusted with the full name;",
        "# all county short forms are)",
    ]
    lines = list(header)
    for name, level, parent, short in rows():
        # County short forms (滨湖, 金安) recur across provinces and as words: only trusted
        # when the full name is in the same text.
        ambiguous = short in AMBIGUOUS_SHORT or level == "county"
        safe = "" if ambiguous else short
        risky = short if ambiguous else ""
        lines.append("\t".join((name, level, parent, safe, risky)))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines) - len(header)} places to {OUT}")


if __name__ == "__main__":
    main()
