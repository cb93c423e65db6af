import dataclasses

from tests.checks.cases import case
from tests.checks.builders import make_table, side_table
from tests.checks.mini import (T05_ROWS, SANGONG_COLS, SANGONG_PATHS, doc, t01, t02, t03, t04, t05, t06, t07, t09, t10,
                               consistent_tables)


def nd(*sentences, tables=None):
    return lambda: doc(*(tables or consistent_tables()), narrative=list(sentences))


def _t09_budget(vals=("1.38", "0.00", "0.00", "0.00", "0.00", "1.38")):
    """A 预算 disclosure's 三公 table: 预算数 only."""
    return make_table("“三公”经费预算表", SANGONG_COLS, [list(vals)], id="T09", column_paths=SANGONG_PATHS[:6])


def _t05_one_column(total="532.68"):
    """A 预算 一般公共预算支出表 printing one amount column."""
    rows = [f"\t合计\t{total}", "206\t科学技术支出\t406.27", "20605\t科技条件与服务\t384.51", "2060501\t机构运行\t384.51",
            "20699\t其他科学技术支出\t21.76", "2069999\t其他科学技术支出\t21.76", "208\t社会保障和就业支出\t94.32",
            "20805\t行政事业单位养老支出\t94.32", "2080505\t机关事业单位基本养老保险缴费支出\t94.32",
            "210\t卫生健康支出\t32.09", "21011\t行政事业单位医疗\t32.09", "2101102\t事业单位医疗\t32.09"]
    return make_table("一般公共预算支出预算表(功能科目)", ["科目代码", "科目名称", "金额"], rows, id="T05")


def _t01_carried():
    """A 预算 收支总表 whose grand totals read 收入合计 / 支出合计 (no 总计 row)."""
    rows = ["一、一般公共预算\t1\t500.00\t一、科学技术支出\t2\t450.00",
            "当年收入小计\t3\t500.00\t当年支出小计\t4\t450.00",
            "上年结转资金\t5\t100.00\t结转下年资金\t6\t150.00",
            "收入合计\t7\t600.00\t支出合计\t8\t600.00"]
    return side_table("收支预算总表", ["项目", "行次", "金额"], ["项目", "行次", "金额"], rows, id="T01")


def _budget_doc(*sentences, tables=None):
    return lambda: dataclasses.replace(doc(*(tables or consistent_tables()), narrative=list(sentences)), kind="部门预算")


def _t06_one_column():
    """A 预算 基本支出 table by 经济分类 printing one amount column."""
    rows = ["\t合计\t510.77", "301\t工资福利支出\t469.85", "302\t商品和服务支出\t40.92"]
    return make_table("财政拨款基本支出预算表(经济科目)", ["科目代码", "科目名称", "金额"], rows, id="T06")


def _no_t03():
    return [t01(), t02(), t04(), t05(), t06(), t07(), t09(), t10()]


S1 = "# 一、收入支出决算总体情况说明"
S2 = "# 二、收入决算情况说明"
S3 = "# 三、支出决算情况说明"
S4 = "# 四、财政拨款收支决算总体情况说明"
S5 = "# （一）一般公共预算财政拨款支出决算总体情况"
S5b = "# （三）一般公共预算财政拨款支出决算具体情况"
S6 = "# 六、一般公共预算财政拨款基本支出决算情况说明"
S9 = "# 九、财政拨款“三公”经费支出决算情况说明"
S10 = "# （二）政府采购情况说明"


def _t10_running(admin="28.25", civil=""):
    """The 统计表 with its 机关运行经费 section (行政单位 + 参照公务员法管理事业单位)."""
    rows = ["一、政府采购情况\t\t", "合计\t1\t1.99", "货物\t2\t1.74", "工程\t3\t", "服务\t4\t0.25",
            "二、机关运行经费\t\t", f"（一）行政单位\t5\t{admin}", f"（二）参照公务员法管理事业单位\t6\t{civil}",
            "三、国有资产占用情况\t\t", "（一）车辆数合计（辆）\t7\t2"]
    return make_table("部门决算公开相关信息统计表", ["项目", "行次", "统计数"], rows, id="T10")


def _t10_assets(total="2", emergency="2", other="", equipment=""):
    """The 统计表's 国有资产占用 section: 车辆数合计, its kinds, 单价100万元以上设备."""
    rows = ["一、政府采购情况\t\t", "合计\t1\t1.99", "货物\t2\t1.74", "工程\t3\t", "服务\t4\t0.25",
            "三、国有资产占用情况\t\t", f"（一）车辆数合计（辆）\t7\t{total}", "1. 副部（省）级及以上领导用车\t8\t",
            "2. 主要负责人用车\t9\t", "3. 机要通信用车\t10\t", f"4. 应急保障用车\t11\t{emergency}",
            f"8. 其他用车\t15\t{other}", f"（二）单价100万元（含）以上设备（不含车辆）\t17\t{equipment}"]
    return make_table("部门决算公开相关信息统计表", ["项目", "行次", "统计数"], rows, id="T10")


def _running_tables(t10):
    return [t01(), t02(), t03(), t04(), t05(), t06(), t07(), t09(), t10]


def _t10_running_budget(total="3580.05"):
    """A 预算 一般公共预算机关运行经费支出预算表 (by 经济科目)."""
    rows = [f"\t合计\t{total}", "302\t商品和服务支出\t3580.05", "30201\t办公费\t3580.05"]
    return make_table("一般公共预算机关运行经费支出预算表", ["科目编码", "科目名称", "机关运行经费支出"], rows, id="T10")


def _t09_with_running(running="217.83"):
    """The 上海 预算 family's “三公”经费和机关运行经费预算表: one row, 机关运行经费 in its last column."""
    cols = SANGONG_COLS + ["机关运行经费预算数"]
    paths = [("“三公”经费预算数",) + p[1:] for p in SANGONG_PATHS[:6]] + [("机关运行经费预算数",)]
    return make_table("2026年部门“三公”经费和机关运行经费预算表", cols,
                      [["1.38", "0.00", "0.00", "0.00", "0.00", "1.38", running]], id="T09", column_paths=paths)


S11 = "# （一）机关运行经费支出情况说明"


def _t03_one_line(basic="510.92", project="21.76"):
    """A 预算 支出预算总表 printed as one line of figures under its heads (no 合计 label)."""
    return make_table("支出预算总表", ["合计", "基本支出", "项目支出"], [f"532.68\t{basic}\t{project}"], id="T03")


def _t06_budget_classes():
    """A 预算 基本支出 table by 经济科目 with 款 lines and a 303 class (no 人员经费 / 公用经费 lines)."""
    rows = ["\t合计\t21968.00", "301\t工资福利支出\t16324.07", "30101\t基本工资\t16324.07",
            "302\t商品和服务支出\t3580.05", "30201\t办公费\t3580.05", "303\t对个人和家庭的补助\t2063.88",
            "30302\t退休费\t2063.88"]
    return make_table("财政拨款基本支出预算表(经济科目)", ["科目编码", "科目名称", "金额"], rows, id="T06")


def _budget_tables(**swap):
    tables = {"01": t01(), "02": t02(), "03": t03(), "04": t04(), "05": t05(), "06": t06(), "07": t07(), "09": t09(),
              "10": t10()}
    tables.update(swap)
    return list(tables.values())

CASES = [
    case("C1", "pass", "totals", nd(S1, "2024年度收入总计606.41万元，支出总计606.41万元。")),
    case("C1", "fail", "total off", nd(S1, "2024年度收入总计606.51万元，支出总计606.41万元。"), [("error", None, None)]),
    case("C2", "pass", "sources and shares", nd(S2, "2024年度收入合计574.83万元，其中：", "财政拨款收入574.40万元，占比99.93%；",
                                                "其他收入0.43万元，占比0.07%。")),
    case("C2", "fail", "share wrong", nd(S2, "财政拨款收入574.40万元，占比98.93%；"), [("error", None, None)]),
    case("C2", "fail", "amount wrong", nd(S2, "其他收入0.53万元，占比0.07%。"), [("error", None, None)]),
    case("C3", "pass", "basic/project", nd(S3, "2024年度支出合计532.68万元，其中：", "基本支出510.92万元，占比95.91%；",
                                           "项目支出21.76万元，占比4.09%。")),
    case("C3", "fail", "basic off", nd(S3, "基本支出510.82万元，占比95.91%；"), [("error", None, None)]),
    # seed 000: 21.76 ÷ 532.68 = 4.085004 % printed 4.08 % — a rounding slip, 提示 with the arithmetic
    case("C3", "fail", "share rounding slip is info", nd(S3, "项目支出21.76万元，占比4.08%。"), [("info", None, None)]),
    case("C4", "pass", "fin totals", nd(S4, "2024年度财政拨款收入总计605.61万元，支出总计605.61万元。")),
    case("C4", "fail", "fin total off", nd(S4, "2024年度财政拨款收入总计605.62万元，支出总计605.61万元。"),
         [("error", None, None)]),
    case("C5", "pass", "gp total and class", nd(S5, "2024年一般公共预算财政拨款决算支出532.53万元，占本年支出合计的99.97%。",
                                               "# （二）一般公共预算财政拨款支出决算结构情况", "科学技术支出(类)406.12万元，占比76.26%；")),
    case("C5", "fail", "class amount (seed 002 style)", nd("# （二）一般公共预算财政拨款支出决算结构情况",
                                                           "科学技术支出(类)407.12万元，占比76.45%；"), [("error", None, None)]),
    case("C6", "pass", "item", nd(S5b, "科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的82.73%。")),
    case("C6", "fail", "rate", nd(S5b, "科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的83.73%。"),
         [("error", None, None)]),
    case("C6", "fail", "zero budget with rate", nd(S5b, "（1）科学技术支出（类）科技条件与服务（款）机构运行（项）。",
                                                    "年初预算为0.00万元，支出决算为384.36万元，完成年初预算的100.00%。"),
         [("error", None, None)]),
    case("C6", "fail", "wording", nd(S5b, "科学技术支出年初预算400.00万元，支出决算406.12万元，完成年初预算的101.53%，决算数小于年初预算数。"),
         [("error", None, None)]),
    # the 大于/小于 wording opens the next sentence
    case("C6", "fail", "wording in next sentence", nd(S5b, "科学技术支出年初预算为410.00万元，支出决算为406.12万元。",
                                                      "决算数大于预算数的主要原因：人员减少。"), [("error", None, None)]),
    case("C6", "pass", "wording vs 全年预算", nd(S5b, "科学技术支出年初预算为0万元，全年预算为410.00万元，支出决算为406.12万元。",
                                                "决算数小于预算数的主要原因：人员减少。")),
    case("C7", "pass", "personnel", nd(S6, "2024年度财政拨款基本支出510.77万元，其中：", "人员经费469.85万元；", "公用经费40.92万元。")),
    case("C7", "fail", "seed 000 510.78", nd(S6, "2024年度财政拨款基本支出510.78万元，其中："), [("error", None, None)]),
    case("C8", "pass", "三公", nd(S9, "2024年度“三公”经费财政拨款支出全年预算为1.38万元，支出决算为0.81万元，完成全年预算的58.70%。",
                                "公务接待费支出0.81万元。"), ),
    case("C8", "fail", "rate (seed 004)", nd(S9, "2024年度“三公”经费财政拨款支出全年预算为1.38万元，支出决算为0.81万元，完成全年预算的58.40%。"),
         [("error", None, None)]),
    case("C8", "fail", "item", nd(S9, "公务接待费支出0.91万元。"), [("error", None, None)]),
    case("C10", "pass", "none", nd("# 七、政府性基金预算财政拨款收入支出决算情况说明", "本单位无政府性基金预算财政拨款收支。")),
    case("C10", "fail", "amount but empty table", nd("# 七、政府性基金预算财政拨款收入支出决算情况说明",
                                                     "政府性基金预算财政拨款支出5.00万元。"), [("error", None, None)]),
    case("C11", "pass", "procurement", nd(S10, "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元、政府采购工程支出0万元、政府采购服务支出0.25万元。政府采购授予中小企业合同金额1.35万元，占政府采购支出总额的67.84%。")),
    case("C11", "fail", "sum and share", nd(S10, "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元、政府采购服务支出0.35万元。政府采购授予中小企业合同金额1.35万元，占政府采购支出总额的68.84%。"),
         [("error", None, None), ("error", None, None), ("error", None, None)]),
    # C14 机关运行经费 (决算: 统计表 section; 预算: its own table, or a column of the 三公 table)
    case("C14", "pass", "统计表 行政单位 + 参公", nd(S11, "2024年机关运行经费支出28.25万元，比2023年减少0.19万元，下降0.67%。",
                                                tables=_running_tables(_t10_running()))),
    case("C14", "fail", "统计表 differs", nd(S11, "2024年机关运行经费支出28.35万元，比2023年减少0.09万元，下降0.32%。",
                                             tables=_running_tables(_t10_running())), [("error", None, None)]),
    case("C14", "pass", "none, and none in the 统计表", nd(S11, "本部门（单位）无机关运行经费。",
                                                         tables=_running_tables(_t10_running(admin="")))),
    case("C14", "fail", "said none, the 统计表 has some", nd(S11, "本部门（单位）无机关运行经费。",
                                                           tables=_running_tables(_t10_running())), [("error", None, None)]),
    case("C14", "fail", "统计表 empty, an amount said", nd(S11, "2024年机关运行经费支出28.25万元。",
                                                        tables=_running_tables(_t10_running(admin=""))), [("error", None, None)]),
    case("C14", "pass", "预算 机关运行经费表", _budget_doc("# 十一、一般公共预算机关运行经费支出预算情况说明",
                                                      "2024年本部门一般公共预算机关运行经费预算支出3580.05万元，与上年相比增加172.67万元。",
                                                      tables=_running_tables(_t10_running_budget()))),
    case("C14", "fail", "预算 机关运行经费表 differs", _budget_doc("# 十一、一般公共预算机关运行经费支出预算情况说明",
                                                          "2024年本部门一般公共预算机关运行经费预算支出3850.05万元。",
                                                          tables=_running_tables(_t10_running_budget())),
         [("error", None, None)]),
    case("C14", "pass", "三公和机关运行经费表", _budget_doc("# 二、机关运行经费预算", "2024年本局财政拨款的机关运行经费预算为217.83万元。",
                                                     tables=[t01(), t02(), t03(), t04(), t05(), t06(), t07(), _t09_with_running()])),
    case("C14", "fail", "三公和机关运行经费表 differs", _budget_doc("# 二、机关运行经费预算", "2024年本局财政拨款的机关运行经费预算为271.83万元。",
                                                         tables=[t01(), t02(), t03(), t04(), t05(), t06(), t07(), _t09_with_running()]),
         [("error", None, None)]),
    case("C14", "pass", "last year's figure is not this year's", nd(S11, "2024年机关运行经费支出28.25万元，2023年机关运行经费支出28.44万元。",
                                                                  tables=_running_tables(_t10_running()))),
    case("C14", "pass", "a 决算's 年初预算 of it is not the table's figure",
         nd(S11, "2024年机关运行经费年初预算30.00万元，支出决算28.25万元。", tables=_running_tables(_t10_running()))),
    case("C14", "pass", "行政单位 + 参公 both printed", nd(S11, "2024年机关运行经费支出30.25万元。",
                                                      tables=_running_tables(_t10_running(civil="2.00")))),
    case("C14", "fail", "行政单位 + 参公 both printed, sum differs", nd(S11, "2024年机关运行经费支出28.25万元。",
                                                                tables=_running_tables(_t10_running(civil="2.00"))),
         [("error", None, None)]),
    case("C14", "pass", "no table prints it → not applicable", nd(S11, "2024年机关运行经费支出28.25万元。"), status="not_applicable"),
    # 预算 restatements of tables printed without the 决算 tables' total lines
    case("C3", "pass", "one-line 支出预算总表 (基本 / 项目 under their heads)",
         _budget_doc("# 一、收支预算总体情况说明", "此外，基本支出预算数为510.92万元。", "项目支出预算数为21.76万元。",
                     tables=_budget_tables(**{"03": _t03_one_line()}))),
    case("C3", "fail", "one-line 支出预算总表, 基本支出 differs",
         _budget_doc("# 一、收支预算总体情况说明", "此外，基本支出预算数为510.29万元。",
                     tables=_budget_tables(**{"03": _t03_one_line()})), [("error", None, None)]),
    case("C7", "pass", "预算 经济科目 table without 人员/公用经费 lines: 301 + 303 and the other classes",
         _budget_doc(S6, "2024年财政拨款基本支出预算510.77万元，其中：（一）人员经费469.85万元。", "（二）公用经费40.92万元。",
                     tables=_budget_tables(**{"06": _t06_one_column()}))),
    case("C7", "pass", "预算 经济科目 table with 303: 人员经费 = 301 + 303",
         _budget_doc(S6, "其中：（一）人员经费18387.95万元。", "（二）公用经费3580.05万元。",
                     tables=_budget_tables(**{"06": _t06_budget_classes()}))),
    case("C7", "fail", "预算 经济科目 table with 303: 人员经费 differs from 301 + 303",
         _budget_doc(S6, "其中：（一）人员经费18378.95万元。",
                     tables=_budget_tables(**{"06": _t06_budget_classes()})), [("error", None, None)]),
    case("C7", "fail", "预算 经济科目 table: 公用经费 differs from the 302 class",
         _budget_doc(S6, "（二）公用经费49.02万元。", tables=_budget_tables(**{"06": _t06_one_column()})),
         [("error", None, None)]),
    case("C4", "pass", "收、支总计均为",
         nd(S4, "2024年度财政拨款收、支总计均为605.61万元。")),
    case("C4", "fail", "收、支总计均为, differs", nd(S4, "2024年度财政拨款收、支总计均为650.61万元。"),
         [("error", None, None)]),
    # a 预算 document's own names for its totals ("收入预算", "财政拨款支出预算", "本年支出预算合计")
    case("C2", "pass", "预算: 收入预算 = 本年收入合计", _budget_doc("# 一、收支预算总体情况说明", "2024年，测试单位收入预算574.83万元。")),
    case("C2", "fail", "预算: 收入预算 differs", _budget_doc("# 一、收支预算总体情况说明", "2024年，测试单位收入预算578.43万元。"),
         [("error", None, None)]),
    case("C3", "pass", "预算: 本年支出预算合计", _budget_doc("# 三、支出预算情况说明", "测试单位本年支出预算合计532.68万元。")),
    case("C3", "fail", "预算: 本年支出预算合计 differs", _budget_doc("# 三、支出预算情况说明", "测试单位本年支出预算合计523.68万元。"),
         [("error", None, None)]),
    case("C4", "pass", "预算: 财政拨款支出预算 = 04 本年支出合计", _budget_doc("# 四、财政拨款收支预算总体情况说明",
                                                                       "财政拨款支出预算532.53万元。")),
    case("C4", "fail", "预算: 财政拨款支出预算 differs", _budget_doc("# 四、财政拨款收支预算总体情况说明", "财政拨款支出预算535.23万元。"),
         [("error", None, None)]),
    case("C5", "pass", "预算: 一般公共预算拨款支出预算", _budget_doc("# 五、一般公共预算支出预算情况说明", "一般公共预算拨款支出预算532.53万元。")),
    case("C5", "fail", "预算: 一般公共预算拨款支出预算 differs", _budget_doc("# 五、一般公共预算支出预算情况说明",
                                                                    "一般公共预算拨款支出预算532.35万元。"), [("error", None, None)]),
    case("C5", "pass", "预算: a 项 named by its 款, no codes", _budget_doc("# 七、一般公共预算支出预算情况说明",
                                                                  "1.科技条件与服务(款)机构运行(项)支出384.36万元。")),
    case("C5", "fail", "预算: a 项 named by its 款, no codes, differs", _budget_doc("# 七、一般公共预算支出预算情况说明",
                                                                           "1.科技条件与服务(款)机构运行(项)支出348.36万元。"),
         [("error", None, None)]),
    # C15 国有资产占用: 车辆 and 大型设备 counts against the 统计表; the kinds listed within the total
    case("C15", "pass", "车辆 and 设备 as the 统计表", nd("# （三）国有资产占用情况说明",
                                                     "截至2024年12月31日，本部门（单位）共有车辆2辆。",
                                                     "其中：应急保障用车2辆，其他用车0辆。单价100万元（含）以上设备（不含车辆）0台（套）。",
                                                     tables=_running_tables(_t10_assets()))),
    case("C15", "fail", "车辆 total differs", nd("# （三）国有资产占用情况说明", "截至2024年12月31日，本部门（单位）共有车辆3辆。",
                                               tables=_running_tables(_t10_assets())), [("error", None, None)]),
    case("C15", "fail", "a kind differs, and the kinds exceed the total",
         nd("# （三）国有资产占用情况说明", "截至2024年12月31日，本部门（单位）共有车辆2辆。", "其中：应急保障用车3辆，其他用车0辆。",
            tables=_running_tables(_t10_assets())), [("error", None, None), ("error", None, None)]),
    case("C15", "fail", "设备 differs", nd("# （三）国有资产占用情况说明",
                                          "截至2024年12月31日，本部门（单位）共有车辆2辆，单价100万元（含）以上设备（不含车辆）1台（套）。",
                                          tables=_running_tables(_t10_assets())), [("error", None, None)]),
    case("C15", "pass", "a purchase plan is not the fleet", nd("# （三）国有资产占用情况说明", "2024年度安排购置车辆1辆。",
                                                              "截至2024年12月31日，本部门共有车辆2辆。",
                                                              tables=_running_tables(_t10_assets()))),
    case("C15", "fail", "no 统计表: the kinds listed exceed the total",
         nd("# （三）国有资产占用情况说明", "截至2024年12月31日，本部门共有车辆1辆，其中：机要通信用车1辆、应急保障用车1辆。"),
         [("error", None, None)]),
    case("C15", "pass", "no 统计表 and no 车辆 → not applicable", nd(S1, "2024年度收入总计606.41万元。"), status="not_applicable"),
    case("D1", "pass", "project restated", nd(S5b, "项目支出主要用于综合业务82.38万元。", "3. 综合业务 项目绩效自评综述：项目全年预算数为 95.5 万元，执行数为 82.38 万元，完成预算的 86.26 %。")),
    case("D1", "fail", "project differs (seed 003)", nd(S5b, "项目支出主要用于企业人才活动经费62.74万元。",
                                                         "1. 企业人才活动经费 项目绩效自评综述：项目全年预算数为 65 万元，执行数为 62.75 万元，完成预算的 96.54 %。"),
         [("error", None, None)]),
    case("D3", "pass", "change", nd(S1, "2024年度收入总计606.41万元。与上年相比，收入总计减少29.60万元，下降4.65%。")),
    case("D3", "fail", "rate", nd(S1, "2024年度收入总计606.41万元。与上年相比，收入总计减少29.60万元，下降4.88%。"), [("error", None, None)]),
    case("D3", "fail", "direction", nd(S1, "2024年度收入总计606.41万元，与上年相比，收入总计减少29.60万元，增长4.65%。"), [("error", None, None)]),
    # "A为X万元，B为Y万元，比A增加Z%" (no change amount): Z = Y / X − 1
    case("D3", "pass", "vs form", nd(S5b, "2023年当年预算执行数为3269.3万元，2024年预算安排3845.49万元，比2023年预算执行数增加17.62%。")),
    case("D3", "fail", "vs form typo (43269.3)", nd(S5b, "2023年当年预算执行数为43269.3万元，2024年预算安排3845.49万元，"
                                                    "比2023年预算执行数增加17.62%。"), [("error", None, None)]),
    case("D3", "fail", "vs form rate", nd(S5b, "2023年当年预算执行数为1690.69万元，2024年预算安排1434.89万元，"
                                          "比2023年预算执行数减少1.10%。"), [("error", None, None)]),
    case("D3", "fail", "vs form direction", nd(S5b, "2023年当年预算执行数为57.43万元，2024年预算安排57.8万元，"
                                               "比2023年预算执行数减少2.27%。"), [("error", None, None)]),
    # 0.62 / 0.50 − 1 = 24% but the printed figures are rounded: 0.615…0.625 / 0.495…0.505 covers 22.22%
    case("D3", "pass", "vs form within rounding", nd(S5b, "2023年当年预算执行数为0.50万元，2024年预算安排0.62万元，"
                                                     "比2023年预算执行数增加22.22%。")),
    # the current figure is never taken from the previous numbered item
    case("D3", "pass", "no carry-over across items", nd(S3, "# 1．公共安全（类）支出27488.23万元，主要用于人员支出、",
                                                        "日常公用支出。", "与上年相比增加1287.35万元，增长4.91%。")),
    case("D4", "pass", "shares sum", nd(S3, "基本支出510.92万元，占比95.92%；", "项目支出21.76万元，占比4.08%。")),
    case("D4", "fail", "shares don't sum", nd(S3, "基本支出510.92万元，占比95.92%；", "项目支出21.76万元，占比5.08%。"),
         [("error", None, None)]),
    case("D4", "fail", "占 without %", nd(S3, "基本支出510.92万元，占95.92；"), [("warning", None, None)]),
    case("D5", "pass", "clean", nd(S1, "2024年度收入总计606.41万元。")),
    case("D5", "pass", "previous year", nd(S1, "与2023年度相比，收入总计减少29.60万元，下降4.65%。")),
    case("D5", "fail", "own year as comparison", nd(S1, "与2024年度相比，收入总计减少29.60万元，下降4.65%。"),
         [("warning", None, None)]),
    case("D5", "fail", "截至 another year", nd(S1, "截至2023年12月31日，本单位共有车辆0辆。"), [("warning", None, None)]),
    case("D5", "fail", "empty reason", nd(S9, "公务用车购置及运行费9.98万元，与2023年预算数持平，主要原因是。"),
         [("warning", None, None)]),
    case("D5", "fail", "alternative word left", nd(S9, "“三公”经费支出决算数比2023年度减少0.15万元，下降（增长）27.78%。"),
         [("warning", None, None)]),
    case("C11", "pass", "政府采购金额 total (putuo wording)", nd(S10, "2024年度政府采购金额（以合同签订为准）为1.99万元，其中：货物采购金额1.74万元、工程采购金额0万元、服务采购金额0.25万元。")),
    case("C11", "fail", "政府采购金额 total off (putuo wording)", nd(S10, "2024年度政府采购金额（以合同签订为准）为2.09万元，其中：货物采购金额1.74万元、工程采购金额0万元、服务采购金额0.25万元。"),
         [("error", None, None), ("error", None, None)]),  # Σ ≠ total; total ≠ 统计表
    case("D5", "fail", "XX", nd(S1, "2024年度收入总计XX万元，比上年增加（减少）XX万元。"), [("warning", None, None)]),
]

# -- issue 14: figures over several sentences ---------------------------------------------
S5c = "# （三）一般公共预算财政拨款支出决算具体情况"
S13 = "# （四）预算绩效情况说明"
# 公开03 prints 事业单位医疗 for the 05's last code
T05_TWO_NAMES = T05_ROWS[:-1] + ["2101102\t行政单位医疗\t32.09\t32.09\t"]

CASES += [
    # D6 itemised sums
    case("D6", "pass", "items within 主要包括", nd(S6, "人员经费469.85万元，主要包括基本工资133.05万元、津贴补贴303.57万元。")),
    case("D6", "pass", "items add up", nd(S6, "公用经费28.25万元，主要包括维护费0.83万元、福利费6.42万元、公务用车运行维护费4.2万元、"
                                            "其他交通费15.03万元、其他商品和服务支出1.77万元。")),
    # seed 002: the 13 items include 商品和服务支出28.25 (公用经费) and add up to 401.24
    case("D6", "fail", "items exceed the head (seed 002)",
         nd(S6, "人员经费372.99万元，主要包括基本工资113.20万元，津贴补贴56.92万元，奖金56.14万元，绩效工资29.33万元，"
                "机关事业单位基本养老保险缴费35.09万元，职业年金缴费7.96万元，职工基本医疗保险缴费14.26万元，其他社会保障缴费0.84万元，"
                "住房公积金35.43万元，其他工资福利支出2.37万元，商品和服务支出28.25万元，退休费21.39万元，奖励金0.06万元；"),
         [("error", None, None)]),
    # seed 002: 14.3 is 14.26 printed to one decimal: 14.3 + 0.06 = 14.36 vs 14.32 is explained → 提示
    case("D6", "fail", "rounded item (seed 002)", nd(S5c, "卫生健康支出年初预算14.32万元，支出决算14.32万元，完成年初预算的100.00%，"
                                                       "用于职工基本医疗保险缴费14.3万元、计划生育奖励金0.06万元支出。"),
         [("info", None, None)]),
    case("D6", "fail", "exhaustive listing short", nd(S6, "公用经费40.92万元，分别为办公费30.80万元、其他商品和服务支出7.12万元。"),
         [("error", None, None)]),
    case("D6", "fail", "合计 after items", nd(S10, "货物类采购52.10万元、服务类采购46.23万元，合计190.33万元。"),
         [("error", None, None)]),
    case("D6", "pass", "合计 after items adds up", nd(S10, "货物类采购52.10万元、服务类采购46.23万元，合计98.33万元。")),
    # seed 000: the 类 decreases 44.70 + 17.39 + 2.86 = 64.95 against 减少64.94 → 尾差
    case("D6", "fail", "Σ 类 changes (seed 000)", nd(
        S5, "2024年一般公共预算财政拨款决算支出532.53万元。与上年相比，一般公共预算财政拨款支出减少64.94万元，下降10.87%。",
        S5c, "2024年度一般公共预算财政拨款支出年初预算622.45万元，支出决算532.53万元，完成年初预算的85.55%。其中：",
        "科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的82.73%，用于人员工资。较上年决算减少44.70万元，下降9.92%。",
        "社会保障和就业支出年初预算95.84万元，支出决算94.32万元，完成年初预算的98.41%，用于退休人员补贴发放。较上年决算减少17.39万元，下降15.57%。",
        "卫生健康支出年初预算35.70万元，支出决算32.09万元，完成年初预算的89.89%，用于医疗保险。较上年决算减少2.86万元，下降8.18%。"),
         [("info", None, None)]),
    case("D6", "fail", "Σ 项 年初预算 (seed 003 style)", nd(
        S5c, "2024年度一般公共预算财政拨款支出年初预算为630.00万元，支出决算为532.53万元，完成年初预算的84.53%。其中：",
        "（1）科学技术支出（类）科技条件与服务（款）机构运行（项）。年初预算为400.00万元，支出决算为384.36万元，完成年初预算的96.09%。",
        "（2）科学技术支出（类）其他科学技术支出（款）其他科学技术支出（项）。年初预算为30.00万元，支出决算为21.76万元，完成年初预算的72.53%。",
        "（3）社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。年初预算为100.00万元，支出决算为94.32万元，完成年初预算的94.32%。",
        "（4）卫生健康支出（类）行政事业单位医疗（款）事业单位医疗（项）。年初预算为100.01万元，支出决算为32.09万元，完成年初预算的32.09%。"),
         [("info", None, None)]),
    # C12 share against a named table base
    case("C12", "pass", "share of 项目支出", nd(S13, "共涉及项目2个，资金10.88万元，占一般公共预算项目支出总额的50.00%。")),
    case("C12", "fail", "the amount is the whole base (seed 003)",
         nd(S13, "共涉及项目5个，资金21.76万元，占一般公共预算项目支出总额的80.67%。"), [("error", None, None)]),
    case("C12", "fail", "the amount exceeds its base (seed 004)",
         nd(S13, "其中，项目14个，共涉及资金21.80万元，占一般公共预算项目支出总额的100%。"), [("error", None, None)]),
    # C13 科目名称
    case("C13", "pass", "same names", nd(S1, "2024年度收入总计606.41万元。")),
    case("C13", "fail", "one code two names", lambda: doc(t01(), t02(), t03(), t04(), t05(T05_TWO_NAMES), t06(),
                                                         narrative=[S1, "2024年度收入总计606.41万元。"]),
         [("warning", None, None)]),
    # D1 over the whole narrative
    case("D1", "fail", "totals change twice (seed 001)", nd(S1, "2024年度收入总计410.33万元，支出总计410.33万元。与上年相比，收入总计"
                                                              "增加82.95万元，增长25.34%，支出总计增加55.54万元，增长15.65%。"),
         [("error", None, None)]),
    case("D1", "pass", "totals change once", nd(S1, "2024年度收入总计606.41万元，支出总计606.41万元。与上年相比，收入总计减少29.60万元，"
                                                    "下降4.65%，支出总计减少29.60万元，下降4.65%。")),
    case("D1", "fail", "one rate two values (seed 004)", nd(
        S5c, "6. 科学技术支出（类）科技条件与服务（款）其他科技条件与服务支出（项）。年初预算为 43.20 万元，支出决算为 27.76 万元，完成年初预算的 64.25%。",
        S13, "科技条件与服务项目绩效自评情况：项目全年预算数为 43.2 万元，执行数为 27.76 万元，完成预算的 64.26%。"),
         [("info", None, None)]),
    # D5 empty figure
    case("D5", "fail", "empty figure (seed 004)", nd(S5c, "12. 社会保障和就业支出（类）抚恤（款）死亡抚恤（项）。年初预算为万元，支出决算为 0.00 万元。"),
         [("warning", None, None)]),
    case("D5", "fail", "empty growth", nd(S1, "与上年相比，收入总计减少29.60万元，下降%。"), [("warning", None, None)]),
    # D7 years
    case("D7", "pass", "上年 and own year", nd(S1, "2024年度收入总计606.41万元。与2023年度相比，收入总计减少29.60万元。")),
    case("D7", "fail", "comparison two years back", nd(S1, "与2022年度相比，收入总计减少29.60万元，下降4.65%。"),
         [("warning", None, None)]),
    case("D7", "fail", "last year's statement left", nd(S1, "2023年度收入总计606.41万元，支出总计606.41万元。"),
         [("warning", None, None)]),
    # D8 difference wording
    case("D8", "pass", "差异 wording right", nd(S5c, "科学技术支出年初预算为410.00万元，支出决算为406.12万元，完成年初预算的99.05%。"
                                                   "决算数与年初预算数存在差异的主要原因是：人员减少。")),
    case("D8", "fail", "无差异 but different", nd(S5c, "科学技术支出年初预算为410.00万元，支出决算为406.12万元，完成年初预算的99.05%。"
                                                    "决算数与年初预算数不存在差异。"), [("error", None, None)]),
    case("D8", "fail", "存在差异 but equal", nd(S5c, "科学技术支出年初预算为406.12万元，支出决算为406.12万元，完成年初预算的100.00%。"
                                                 "决算数与年初预算数存在差异的主要原因是：人员减少。"), [("error", None, None)]),
    case("D8", "fail", "持平 with a change", nd(S9, "公务接待费支出0.81万元，与上年持平，增加0.12万元。"), [("error", None, None)]),
    # C8: the rate of a sentence that prints only the 决算数 is recomputed against 公开09's 预算数
    case("C8", "fail", "rate against the table's budget (seed 004)", nd(S9, "公务接待费支出决算0.81万元，完成预算的58.40%。"),
         [("error", None, None)]),
    case("C8", "pass", "rate against the table's budget", nd(S9, "公务接待费支出决算0.81万元，完成预算的58.70%。")),
    # C8: the item's share of the 三公 total printed after its rate (seed 004's sentence)
    case("C8", "fail", "share after the rate", nd(S9, "公务接待费支出决算0.81万元，完成预算的58.70%，占101.00%。"),
         [("error", None, None)]),
    case("C8", "pass", "share after the rate", nd(S9, "公务接待费支出决算0.81万元，完成预算的58.70%，占100.00%。")),
    # C6: a rounding slip in the completion rate is 提示 (27.76 ÷ 43.20 = 64.259…%)
    case("C6", "fail", "rate rounding slip is info", nd(S5b, "科技交流与合作支出年初预算43.20万元，支出决算27.76万元，完成年初预算的64.25%。"),
         [("info", None, None)]),
    # D3: "A为X万元，B为Y万元，比A增加Z万元": Z = Y − X, direction by the sign
    case("D3", "pass", "vs form amount", nd(S5b, "2023年当年预算执行数为3269.3万元，2024年预算安排3845.49万元，比2023年预算执行数增加576.19万元。")),
    case("D3", "fail", "vs form amount wrong", nd(S5b, "2023年当年预算执行数为3269.3万元，2024年预算安排3845.49万元，比2023年预算执行数增加576.91万元。"),
         [("error", None, None)]),
    case("D3", "fail", "vs form amount direction", nd(S5b, "2023年当年预算执行数为1690.69万元，2024年预算安排1434.89万元，"
                                                       "比2023年预算执行数增加255.80万元。"), [("error", None, None)]),
    # a listing that already adds up ends there: the next amount is a new statement
    case("D6", "pass", "listing complete, next statement", nd(S10, "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元、"
                                                                "政府采购服务支出0.25万元，授予中小企业合同金额1.35万元。")),
    # the same total's change stated in two sections with two values (3959.28 / 3958.98 style)
    case("D1", "fail", "one total change, two values across sections", nd(
        S1, "2024年度收入总计606.41万元，支出总计606.41万元。与上年相比，收入总计减少29.60万元，下降4.65%。",
        S2, "2024年度收入合计574.83万元。与上年相比，收入总计减少29.90万元。"), [("error", None, None)]),
    case("D1", "pass", "budget: 比上年预算 and 比上年执行 differ legitimately", nd(
        S1, "2025年收入预算总计606.41万元，比上年预算增加29.60万元。",
        S2, "2025年收入预算总计606.41万元，比上年执行数增加35.20万元。")),
    # 人员经费 listing an item of 公用经费 (by its 公开06 code), within the amount: 核实
    case("D6", "fail", "item of the other class", nd(S6, "人员经费469.85万元，主要包括基本工资133.05万元、办公费33.80万元。"),
         [("warning", None, None)]),
    # shares of a base no table gives: recomputed against the sum of the listed parts (Jiangsu 2019)
    case("D4", "fail", "share of the listed whole (三公)", nd(S9, "因公出国（境）费支出160万元，占“三公”经费的31.14%；",
                                                           "公务用车运行维护费支出266.8万元，占“三公”经费的51.93%；",
                                                           "公务接待费支出86.95万元，占“三公”经费的16.93%。"),
         [("info", None, None)]),
    case("D4", "pass", "share of the listed whole", nd(S9, "因公出国（境）费支出160万元，占“三公”经费的31.14%；",
                                                      "公务用车运行维护费支出266.8万元，占“三公”经费的51.93%；",
                                                      "公务接待费支出86.95万元，占“三公”经费的16.92%。")),
    case("D7", "fail", "last year's statement after the unit's name", nd(S1, "测试单位2023年度收入总计606.41万元，支出总计606.41万元。"),
         [("warning", None, None)]),
    # vehicles by kind add up to the total (Jiangsu 2019: 13 + 38 + 15 = 66)
    case("D6", "pass", "vehicles by kind", nd("# 十三、国有资产占用情况", "本部门共有车辆66辆，其中，一般公务用车13辆、执法执勤用车38辆、特种专业技术用车15辆。")),
    case("D6", "fail", "vehicles by kind don't add up", nd("# 十三、国有资产占用情况",
                                                         "本部门共有车辆66辆，其中，一般公务用车13辆、执法执勤用车38辆、特种专业技术用车16辆。"),
         [("error", None, None)]),
    # the item's name two sentences back, a "主要用于：…" line between it and its figures
    case("C6", "pass", "item name before its 主要用于 line", nd(S5b, "（1）科学技术支出（类）科技条件与服务（款）机构运行（项）。",
                                                             "主要用于：机构日常运行。", "年初预算为390.00万元，支出决算为384.36万元。")),
    case("C6", "fail", "item name before its 主要用于 line", nd(S5b, "（1）科学技术支出（类）科技条件与服务（款）机构运行（项）。",
                                                             "主要用于：机构日常运行。", "年初预算为390.00万元，支出决算为384.46万元。"),
         [("error", None, None)]),
    # 预算 wording of the procurement split: "政府采购货物预算X万元"
    case("C11", "pass", "budget wording", nd(S10, "2024年度政府采购预算1.99万元，其中：政府采购货物预算1.74万元、"
                                                  "政府采购服务预算0.25万元。")),
    case("C11", "fail", "budget wording, parts don't add up", nd(S10, "2024年度政府采购预算1.99万元，其中：政府采购货物预算1.74万元、"
                                                                     "政府采购服务预算0.35万元。"),
         [("error", None, None), ("error", None, None)]),
    # a 预算 disclosure's 三公 item printed without "预算" is the table's 预算数
    case("C8", "pass", "budget table item", nd("# 一、2026年“三公”经费预算情况说明", "（三）公务接待费1.38万元。",
                                               tables=[t01(), t05(), _t09_budget()])),
    case("C8", "fail", "budget table item", nd("# 一、2026年“三公”经费预算情况说明", "（三）公务接待费1.48万元。",
                                               tables=[t01(), t05(), _t09_budget()]), [("error", None, None)]),
    # the completion rate printed as a sentence of its own after the figures
    case("C6", "pass", "rate in its own sentence", nd(S5b, "科学技术支出年初预算490.91万元，支出决算406.12万元。",
                                                      "完成年初预算的82.73%。")),
    case("C6", "fail", "rate in its own sentence", nd(S5b, "科学技术支出年初预算490.91万元，支出决算406.12万元。",
                                                      "完成年初预算的83.73%。"), [("error", None, None)]),
    # the procurement parts one a sentence after the total ("…总金额为X万元。其中拟采购货物支出A万元；…")
    case("C11", "pass", "parts in the following sentences", nd(S10, "2024年度政府采购预算总金额为1.99万元。",
                                                                "其中拟采购货物支出1.74万元；", "拟采购服务支出0.25万元。")),
    case("C11", "fail", "parts in the following sentences", nd(S10, "2024年度政府采购预算总金额为1.99万元。",
                                                                "其中拟采购货物支出1.74万元；", "拟采购服务支出0.35万元。"),
         [("error", None, None), ("error", None, None)]),
    # a share whose table is left out: its base is the total the listing opens with
    case("D4", "pass", "share of the listing's total, no table", nd(S3, "本年支出合计532.68万元，其中：基本支出510.92万元，占95.91%；",
                                                                   "项目支出21.76万元，占4.09%。", tables=_no_t03())),
    case("D4", "fail", "share of the listing's total, no table", nd(S3, "本年支出合计532.68万元，其中：基本支出510.92万元，占95.81%；",
                                                                   "项目支出21.76万元，占4.19%。", tables=_no_t03()),
         [("error", None, None), ("error", None, None)]),
    # a 预算 whose money is all 一般公共预算: the 类 of the whole spending is the 类 row of a one-column 公开05
    case("C5", "pass", "class of all spending, one-column 05", nd("# 一、收支预算总体情况说明", "(二)支出预算总计532.68万元。",
                                                                  "包括:1.科学技术(类)支出406.27万元,主要用于人员支出。",
                                                                  tables=[t01(), _t05_one_column()])),
    case("C5", "fail", "class of all spending, one-column 05", nd("# 一、收支预算总体情况说明", "(二)支出预算总计532.68万元。",
                                                                  "包括:1.科学技术(类)支出406.37万元,主要用于人员支出。",
                                                                  tables=[t01(), _t05_one_column()]), [("error", None, None)]),
    # … and not when part of the money is not 一般公共预算 (the 类 rows of 05 are then a part)
    case("C5", "pass", "class of all spending, 05 a part", nd("# 一、收支预算总体情况说明", "(二)支出预算总计532.68万元。",
                                                              "包括:1.科学技术(类)支出406.37万元,主要用于人员支出。",
                                                              tables=[t01(), _t05_one_column("532.00")])),
    # shares of the listed whole with one share off: the others fit the sum, the odd one is wrong
    case("D4", "fail", "share of the listed whole, one off", nd(S9, "因公出国（境）费支出160万元，占“三公”经费的31.14%；",
                                                                "公务用车运行维护费支出266.8万元，占“三公”经费的59.93%；",
                                                                "公务接待费支出86.95万元，占“三公”经费的16.92%。"),
         [("error", None, None)]),
    # a template's "下降(增长)" left in: the rate is still read
    case("D3", "pass", "bracketed alternative word", nd(S1, "2024年度收入总计606.41万元。与上年相比，收入总计减少29.60万元，下降(增长)4.65%。")),
    case("D3", "fail", "bracketed alternative word", nd(S1, "2024年度收入总计606.41万元。与上年相比，收入总计减少29.60万元，下降(增长)4.88%。"),
         [("error", None, None)]),
    # a 收支总表 with no 总计 row: its grand total is the 合计 below the 结转 line
    case("C1", "pass", "grand total printed as 合计", nd("# 一、收支预算总体情况说明", "(一)收入预算总计600.00万元。",
                                                       "(二)支出预算总计600.00万元。", tables=[_t01_carried()])),
    case("C1", "fail", "grand total printed as 合计", nd("# 一、收支预算总体情况说明", "(一)收入预算总计600.00万元。",
                                                       "(二)支出预算总计650.00万元。", tables=[_t01_carried()]),
         [("error", None, None)]),
    # a 预算 disclosure's "…支出预算X万元" restates its table (a 决算's 预算 figure has no table)
    case("C5", "pass", "budget document's 预算 figure", _budget_doc(S5, "2024年一般公共预算财政拨款支出预算532.53万元。")),
    case("C5", "fail", "budget document's 预算 figure", _budget_doc(S5, "2024年一般公共预算财政拨款支出预算532.63万元。"),
         [("error", None, None)]),
    case("C5", "pass", "budget document: last year's 预算 figure", _budget_doc(S5, "2023年一般公共预算财政拨款支出预算500.00万元。")),
    # 公开05 with one 金额 column: 财政拨款基本支出 is the 合计 of the 基本支出 table (公开06)
    case("C7", "pass", "basic spending when 05 prints one column", _budget_doc(
        "# 六、财政拨款基本支出预算情况说明", "2024年度财政拨款基本支出预算510.77万元，其中：人员经费469.85万元。",
        tables=[t01(), _t05_one_column(), _t06_one_column()])),
    case("C7", "fail", "basic spending when 05 prints one column", _budget_doc(
        "# 六、财政拨款基本支出预算情况说明", "2024年度财政拨款基本支出预算510.87万元，其中：人员经费469.85万元。",
        tables=[t01(), _t05_one_column(), _t06_one_column()]), [("error", None, None)]),
]
