from tests.checks.builders import make_table
from tests.checks.cases import case
from tests.checks.mini import doc, t01, t02, t03, t04, t05, t06, t07, t09


def t06_split(personnel="469.85", p30101="133.05"):
    """公开06 with 经济分类 codes printed over 类 | 款 columns ("301" | "01"), as putuo_finance."""
    cols = ["类", "款", "科目名称", "决算数"] * 2
    paths = [("经济分类", "科目编码", "类"), ("经济分类", "科目编码", "款"), ("科目名称",), ("决算数",)] * 2
    rows = [
        "301		工资福利支出	436.62	302		商品和服务支出	40.92",
        f"301	01	基本工资	{p30101}	302	01	办公费	33.80",
        "301	02	津贴补贴	303.57	302	99	其他商品和服务支出	7.12",
        "303		对个人和家庭的补助	33.23				",
        "303	02	退休费	33.23				",
        f"		人员经费合计	{personnel}			公用经费合计	40.92",
    ]
    return make_table("一般公共预算财政拨款基本支出决算表", cols, rows, id="T06", blocks=[0, 4],
                      column_paths=paths, economic=True)


def t06_columns(personnel="700.00", total="850.00", p302="", g302="150.00", public="150.00"):
    """The national 基本支出表: one row per 经济分类 line, 合计 | 人员经费 | 公用经费 as columns (as
    tests/fixtures/budget.py prints it); `p302` / `g302`: the 302 line's 人员经费 / 公用经费 cells."""
    cols = ["科目编码", "科目名称", "合计", "人员经费", "公用经费"]
    paths = [("部门预算支出经济分类科目", "科目编码"), ("部门预算支出经济分类科目", "科目名称"),
             ("本年一般公共预算基本支出", "合计"), ("本年一般公共预算基本支出", "人员经费"),
             ("本年一般公共预算基本支出", "公用经费")]
    rows = [
        f"\t合计\t{total}\t{personnel}\t{public}",
        "301\t工资福利支出\t650.00\t650.00\t",
        "30101\t基本工资\t300.00\t300.00\t",
        "30102\t津贴补贴\t350.00\t350.00\t",
        f"302\t商品和服务支出\t150.00\t{p302}\t{g302}",
        "30201\t办公费\t150.00\t\t150.00",
        "303\t对个人和家庭的补助\t50.00\t50.00\t",
        "30302\t退休费\t50.00\t50.00\t",
    ]
    return make_table("一般公共预算基本支出表", cols, rows, id="T06", column_paths=paths, economic=True)


def t09_by_item(budget=("0.95", "0.00", "0.00", "0.00", "0.00", "0.95"), actual=("", "", "", "", "", "")):
    """三公 printed item by item, each with 预算数 | 决算数 under it (putuo_finance / planning):
    合计/预算数, 合计/决算数, 因公出国（境）费/预算数, …; the 公务用车 group word lost above 小计."""
    items = ["合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行费", "公务接待费"]
    cols = [f"{it}/{w}" for it in items for w in ("预算数", "决算数")]
    paths = [(it, w) for it in items for w in ("预算数", "决算数")]
    cells = [x for pair in zip(budget, actual) for x in pair]
    return make_table("财政拨款“三公”经费支出决算表", cols, ["\t".join(cells)], id="T09", column_paths=paths)


def t02_list(public="37,188.34", subtotal="37,188.34", total="37,188.34", tail=()):
    """收入预算总表 printed as a list (江苏): group | 小计 on one row, its items below, 金额 only."""
    rows = [f"收入总计\t\t{total}", f"一般公共预算资金\t小计\t{subtotal}", f"\t公共财政拨款（补助）资金\t{public}",
            "\t专项收入\t", "政府性基金\t小计\t", "财政专户管理资金\t小计\t", "\t专户管理教育收费\t", *tail]
    return make_table("收入预算总表", ["项目名称", "项目名称", "金额"], rows, id="T02", label="公开02表")


def t10_procurement(meeting_item="10.00", meeting="10.00", total="100.00"):
    """政府采购支出预算表 (江苏): 合计, the categories 一、货物 / 二、工程 / 三、服务, under each the
    专项 / 经济科目 rows, and under those the items (采购物品名称, 采购组织形式)."""
    rows = [f"合计\t\t\t\t\t{total}", "一、货物A\t\t\t\t\t60.00", "\t信息网络建设费\t信息网络及软件购置更新\t\t\t60.00",
            "\t\t\tPC服务器\t政府集中采购\t20.00", "\t\t\t计算机软件\t政府集中采购\t40.00",
            "二、工程B\t\t\t\t\t10.00", "\t商品和服务支出\t维修（护）费\t\t\t10.00", "\t\t\t修缮工程\t部门集中采购\t10.00",
            "三、服务C\t\t\t\t\t30.00", "\t案件审判经费\t维修（护）费\t\t\t20.00", "\t\t\t运行维护服务\t分散自行组织\t20.00",
            f"\t\t会议费\t\t\t{meeting}", f"\t\t\t会议服务\t分散自行组织\t{meeting_item}"]
    return make_table("政府采购支出预算表", ["采购品目大类", "专项名称", "经济科目", "采购物品名称", "采购组织形式", "总计"],
                      rows, id="T10", label="公开12表")


# (C rules run on a document with a 情况说明; this one does not restate the procurement)
_SAID = ["本部门2019年部门预算由收支总表、收入总表、支出总表等组成。"]


def t10_running(total="100.00", office="60.00"):
    """一般公共预算机关运行经费支出预算表 printed by 经济分类 (江苏): 合计, 302 and its 款."""
    rows = [f"合计\t\t{total}", "302\t商品和服务支出\t100.00", f"30201\t办公费\t{office}", "30211\t差旅费\t40.00"]
    return make_table("一般公共预算机关运行经费支出预算表", ["科目编码", "科目名称", "机关运行经费支出"], rows, id="T11",
                      label="公开11表", economic=True)


def t03_one_line(total="100.00", basic="60.00"):
    """支出预算总表 printed as one line (江苏): 合计 | 基本支出 | 项目支出 | 单位预留机动经费, no row name."""
    return make_table("支出预算总表", ["合计", "基本支出", "项目支出", "单位预留机动经费"],
                      [f"{total}\t{basic}\t30.00\t10.00"], id="T03", label="公开03表")


def t09_meetings(total="20.00", meeting="5.00"):
    """“三公”经费、会议费、培训费支出预算表 (江苏): 合计 = 三公 小计 + 会议费 + 培训费."""
    cols = ["合计", "“三公”经费/小计", "因公出国（境）费", "公务用车购置及运行维护费/小计", "公务用车购置费",
            "公务用车运行维护费", "公务接待费", "会议费", "培训费"]
    paths = [("合计",), ("“三公”经费", "小计"), ("“三公”经费", "因公出国（境）费"),
             ("“三公”经费", "公务用车购置及运行维护费", "小计"), ("“三公”经费", "公务用车购置及运行维护费", "公务用车购置费"),
             ("“三公”经费", "公务用车购置及运行维护费", "公务用车运行维护费"), ("“三公”经费", "公务接待费"), ("会议费",), ("培训费",)]
    return make_table("“三公”经费、会议费、培训费支出预算表", cols,
                      [f"{total}\t10.00\t2.00\t6.00\t\t6.00\t2.00\t{meeting}\t5.00"], id="T09", column_paths=paths)


def t05_code_header():
    """A merged header puts 合计 over the code column (江苏 公开05): the codes are not amounts."""
    cols = ["功能科目编码/合计", "功能科目名称/合计", "金额"]
    paths = [("功能科目编码", "合计"), ("功能科目名称", "合计"), ("金额",)]
    rows = ["	合计	100.00", "206	科学技术支出	100.00", "20601	科学技术管理事务	100.00",
            "2060101	行政运行	60.00", "2060102	一般行政管理事务	40.00"]
    t = make_table("一般公共预算支出预算表(功能科目)", cols, rows, id="T05", column_paths=paths)
    for r in t.rows:  # the parser fills Row.code from the code column
        c = r.cells[0].text
        r.code = c or None
        r.level = {3: 1, 5: 2, 7: 3}.get(len(c))
        r.label = r.cells[1].text
    return t

T05_OFF = [
    "\t合计\t1358.64\t594.51\t764.12",
    "206\t科学技术支出\t1358.64\t594.51\t764.12",
    "20601\t科学技术管理事务\t1358.64\t594.51\t764.12",
    "2060101\t行政运行\t1358.64\t594.51\t764.12",
]

CASES = [
    case("A1", "pass", "consistent", lambda: doc(t01())),
    case("A1", "fail", "total off", lambda: doc(t01(total_in="607.41", total_out="607.41")),
         [("error", "总计", "金额")]),
    case("A1", "fail", "tail", lambda: doc(t01(total_in="606.42", total_out="606.42")), [("info", "总计", "金额")]),
    case("A2", "pass", "consistent", lambda: doc(t01())),
    case("A2", "fail", "close off", lambda: doc(t01(close="70.73")), [("error", "总计", "金额")]),
    case("A3", "pass", "consistent", lambda: doc(t01(), t04())),
    case("A3", "fail", "totals differ", lambda: doc(t01(total_out="606.51", close="73.83")),
         [("error", "总计", "金额")]),
    case("A4", "pass", "consistent", lambda: doc(t01())),
    case("A4", "fail", "income sum", lambda: doc(t01(inc=("574.40", "1.00", "0.43"))),
         [("error", "本年收入合计", "金额")]),
    case("A4", "pass", "blank addend is 0", lambda: doc(t01(inc=("574.83", "", "")))),
    case("A5", "pass", "consistent", lambda: doc(t01(), t04())),
    case("A5", "fail", "expense sum", lambda: doc(t01(exp=("406.27", "94.32", "33.09"))),
         [("error", "本年支出合计", "金额")]),
    case("A6", "pass", "consistent", lambda: doc(t02())),
    case("A6", "pass", "list of groups with 小计 (预算)", lambda: doc(t02_list())),
    case("B1", "pass", "list: 收入总计 = 收支总表 本年收入合计",
         lambda: doc(t01(), t02_list(public="574.83", subtotal="574.83", total="574.83"))),
    case("B1", "fail", "list: 收入总计 ≠ 收支总表 本年收入合计",
         lambda: doc(t01(), t02_list(public="575.83", subtotal="575.83", total="575.83")), [("error", None, None)]),
    case("A6", "fail", "list: an item ≠ its 小计", lambda: doc(t02_list(public="38,188.34")),
         [("error", "一般公共预算资金", "金额")]),
    case("A6", "fail", "list: 总计 ≠ Σ 小计", lambda: doc(t02_list(total="38,188.34")), [("error", "收入总计", "金额")]),
    case("A6", "pass", "list: a 小计 with no group name → the 总计 is not added up",
         lambda: doc(t02_list(total="38,188.34", tail=("\t债务资金（银行贷款）\t", "\t小计\t5.00")))),
    case("A6", "fail", "row source sum", lambda: doc(t02([
        "\t合计\t575.83\t574.40\t\t\t\t\t0.43", "206\t科学技术支出\t575.83\t574.40\t\t\t\t\t0.43"])),
         [("error", "合计", "本年收入合计"), ("error", "科学技术支出", "本年收入合计")]),
    case("A7", "pass", "consistent", lambda: doc(t02(), t03(), t05())),
    case("A7", "fail", "项 off", lambda: doc(t05([
        "\t合计\t100.00\t100.00\t", "206\t科学技术支出\t100.00\t100.00\t",
        "20605\t科技条件与服务\t100.00\t100.00\t", "2060501\t机构运行\t90.00\t90.00\t"])),
         [("error", "科技条件与服务", "合计"), ("error", "科技条件与服务", "基本支出")]),
    case("A7", "fail", "合计 = Σ 类 tail", lambda: doc(t05([
        "\t合计\t100.01\t100.01\t", "206\t科学技术支出\t60.00\t60.00\t", "208\t社会保障和就业支出\t40.00\t40.00\t"])),
         [("info", "合计", "合计"), ("info", "合计", "基本支出")]),
    case("A8", "pass", "consistent", lambda: doc(t03())),
    case("A8", "fail", "row", lambda: doc(t03(["\t合计\t532.68\t510.92\t20.76"])), [("error", "合计", "本年支出合计")]),
    case("A10", "pass", "consistent", lambda: doc(t04())),
    case("A10", "fail", "fund cols", lambda: doc(t04(exp=(("406.12", "406.02"), ("94.32", "94.32"), ("32.09", "32.09"))))),
    case("A11", "pass", "consistent", lambda: doc(t04())),
    case("A11", "fail", "carry-over off", lambda: doc(t04(close=("75.08", "75.08"), total_out=("607.61", "607.61")))),
    case("A13", "pass", "consistent", lambda: doc(t05())),
    case("A13", "fail", "seed 004 tail", lambda: doc(t05([
        "\t合计\t1358.64\t594.51\t764.12"])), [("info", "合计", "合计")]),
    case("A13", "fail", "error", lambda: doc(t05(["\t合计\t1358.64\t594.51\t754.12"])), [("error", "合计", "合计")]),
    case("A13", "fail", "blank total with amounts", lambda: doc(t05(["\t合计\t\t594.51\t754.12"])),
         [("warning", "合计", "合计")]),
    case("A15", "pass", "consistent", lambda: doc(t06())),
    case("A15", "pass", "codes split over 类|款 columns", lambda: doc(t06_split())),
    case("A15", "fail", "codes split, personnel off", lambda: doc(t06_split(personnel="479.85")),
         [("error", "人员经费合计", "决算数")]),
    case("A17", "fail", "codes split, 301 children", lambda: doc(t06_split(p30101="134.05")),
         [("error", "工资福利支出", "决算数")]),
    case("A7", "pass", "code column under a 合计 header", lambda: doc(t05_code_header())),
    case("A15", "fail", "personnel", lambda: doc(t06(personnel="470.85")), [("error", "人员经费合计", "决算数")]),
    case("A15", "fail", "public", lambda: doc(t06(public="41.92")), [("error", "公用经费合计", "决算数")]),
    # 人员经费 | 公用经费 as columns (the national 基本支出表): each column's 合计 = Σ its 类级 cells
    case("A15", "pass", "人员经费 | 公用经费 as columns", lambda: doc(t06_columns())),
    case("A15", "pass", "columns: a 302 line partly 人员经费 (工会经费)",
         lambda: doc(t06_columns(personnel="710.00", p302="10.00", g302="140.00", public="140.00"))),
    case("A15", "fail", "columns: 人员经费 total ≠ its lines", lambda: doc(t06_columns(personnel="710.00", total="860.00")),
         [("error", "合计", "人员经费")]),
    case("A15", "fail", "columns: 公用经费 lines ≠ their total", lambda: doc(t06_columns(g302="140.00")),
         [("error", "合计", "公用经费")]),
    case("A16", "pass", "not printed → skipped", lambda: doc(t06()), status="skipped"),
    case("A16", "fail", "no table → skipped", lambda: doc(t05()), status="skipped"),
    case("A17", "pass", "consistent", lambda: doc(t06())),
    case("A17", "fail", "301 children", lambda: doc(t06(p30101="134.05")), [("error", "工资福利支出", "决算数")]),
    case("C11", "pass", "政府采购预算表 adds up", lambda: doc(t10_procurement(), narrative=_SAID)),
    case("C11", "fail", "政府采购预算表 合计 ≠ 货物 + 工程 + 服务", lambda: doc(t10_procurement(total="110.00"), narrative=_SAID),
         [("error", "合计", "总计")]),
    case("C11", "fail", "an item ≠ its category and its 科目 row", lambda: doc(t10_procurement(meeting_item="12.00"), narrative=_SAID),
         [("error", "三、服务C", "总计"), ("error", "会议费", "总计")]),
    case("C11", "fail", "a 经济科目 row ≠ its category", lambda: doc(t10_procurement(meeting="12.00"), narrative=_SAID),
         [("error", "三、服务C", "总计")]),
    case("C11", "pass", "neither level adds up: another layout, not judged",
         lambda: doc(t10_procurement(meeting="12.00", meeting_item="13.00"), narrative=_SAID)),
    case("A17", "pass", "机关运行经费 table by 经济分类", lambda: doc(t06(), t10_running())),
    case("A17", "fail", "机关运行经费: a 款 slip", lambda: doc(t06(), t10_running(office="63.00")),
         [("error", "商品和服务支出", "机关运行经费支出")]),
    case("A17", "fail", "机关运行经费: 合计 ≠ Σ 类", lambda: doc(t06(), t10_running(total="100.70")),
         [("error", "合计", "机关运行经费支出")]),
    case("A8", "pass", "one-line 支出预算总表", lambda: doc(t03_one_line())),
    case("A8", "fail", "one-line 支出预算总表: 合计 ≠ Σ", lambda: doc(t03_one_line(basic="61.00")), [("error", None, "合计")]),
    case("C8", "pass", "会议费 stated as in the 三公/会议费/培训费 table",
         lambda: doc(t09_meetings(), narrative=["本单位2019年度一般公共预算拨款安排的会议费预算支出5.00万元，比上年预算减少0.24万元。"])),
    case("C8", "fail", "会议费 stated otherwise than the table",
         lambda: doc(t09_meetings(), narrative=["本单位2019年度一般公共预算拨款安排的会议费预算支出6.00万元，比上年预算减少0.24万元。"]),
         [("error", None, None)]),
    case("A18", "pass", "三公 + 会议费 + 培训费", lambda: doc(t09_meetings())),
    case("A18", "fail", "三公 + 会议费 + 培训费: 合计 off", lambda: doc(t09_meetings(meeting="5.70")), [("error", None, "合计")]),
    case("A18", "pass", "consistent", lambda: doc(t09())),
    case("A18", "fail", "决算 total", lambda: doc(t09(actual=("0.91", "0.00", "0.00", "0.00", "0.00", "0.81"))),
         [("error", None, "合计")]),
    case("A18", "pass", "item by item (预算数 | 决算数 under each)", lambda: doc(t09_by_item())),
    case("A18", "fail", "item by item: 接待 budget", lambda: doc(t09_by_item(budget=("0.95", "0.00", "0.00", "0.00", "0.00", "1.95"))),
         [("error", None, "合计/预算数")]),
    case("A19", "fail", "item by item: car subtotal",
         lambda: doc(t09_by_item(budget=("3.00", "1.00", "2.00", "0.50", "1.60", ""))), [("error", None, "小计/预算数")]),
    case("A18", "pass", "no table → skipped", lambda: doc(t05()),
         status="skipped"),
    case("A19", "pass", "consistent", lambda: doc(t09(budget=("3.00", "1.00", "2.00", "0.50", "1.50", "")))),
    case("A19", "fail", "car subtotal", lambda: doc(t09(budget=("3.00", "1.00", "2.00", "0.50", "1.60", ""))),
         [("error", None, "小计")]),
    case("A20", "pass", "empty table", lambda: doc(t07())),
    case("A20", "pass", "balanced", lambda: doc(t07(["\t合计\t1.00\t5.00\t4.00\t1.00\t3.00\t2.00"]))),
    case("A20", "fail", "carry-over", lambda: doc(t07(["\t合计\t1.00\t5.00\t4.00\t1.00\t3.00\t3.00"])),
         [("error", "合计", "年末结转和结余")]),
    case("A20", "fail", "spending split", lambda: doc(t07(["\t合计\t1.00\t5.00\t4.00\t1.00\t2.00\t2.00"])),
         [("error", "合计", "小计")]),
    case("A21", "pass", "consistent", lambda: doc(t05())),
    case("A21", "fail", "garbled and negative", lambda: doc(t05(["\t合计\t1O2.5x\t-3.00\t"])),
         [("warning", "合计", "合计"), ("warning", "合计", "基本支出")]),
]
