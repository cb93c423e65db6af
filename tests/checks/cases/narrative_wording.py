"""情况说明 sentence forms of other provinces, levels and years (round 7). Each form restates the
mini tables' figures (tests.checks.mini) the way real 决算/预算 narratives word them; the fail case
changes one restated figure, which the rule must report on that sentence."""
from tests.checks.cases import case
from tests.checks.cases.narrative import S1, S2, S3, S5, nd

S4b = "# 四、财政拨款收入支出决算总体情况说明"
S5c = "# 五、一般公共预算财政拨款支出决算情况说明"

CASES = [
    # "收、支总计各是A,B万元": two figures sharing one unit (a comma after decimals separates them)
    case("C1", "pass", "pair of totals sharing a unit", nd(S1, "2024年度收、支总计各是606.41,606.41万元。")),
    case("C1", "fail", "pair of totals sharing a unit, first off", nd(S1, "2024年度收、支总计各是606.51,606.41万元。"),
         [("error", None, None)]),
    case("C1", "fail", "pair of totals sharing a unit, second off", nd(S1, "2024年度收、支总计各是606.41，606.51万元。"),
         [("error", None, None)]),
    # some provinces' "收、支总计" are the year's 本年收入合计 / 本年支出合计 (they then differ)
    case("C1", "pass", "收、支总计 meaning the year's totals", nd(S1, "2024年度收、支总计各是574.83,532.68万元。")),
    case("C1", "fail", "收、支总计 meaning the year's totals, one off", nd(S1, "2024年度收、支总计各是574.83,533.68万元。"),
         [("error", None, None)]),
    case("D1", "pass", "收、支总计 that differ change by different amounts",
         nd(S1, "2024年度收、支总计各是574.83,532.68万元。与2023年相比，收、支总计各减少10.00,20.00万元。")),
    # the 收支总表's lines below the year's totals
    case("C1", "pass", "收入总计 and its parts", nd(S1, "2024年度收入总计606.41万元，其中：本年收入合计574.83万元，"
                                                   "使用非财政拨款结余0.00万元，年初结转和结余31.58万元。")),
    case("C1", "fail", "年初结转和结余 off", nd(S1, "2024年度收入总计606.41万元，其中：本年收入合计574.83万元，"
                                              "使用非财政拨款结余0.00万元，年初结转和结余31.68万元。"), [("error", None, None)]),
    case("C1", "pass", "支出总计 and its parts", nd(S1, "2024年度支出总计606.41万元，其中：本年支出合计532.68万元，"
                                                   "结余分配0.00万元，年末结转和结余73.73万元。")),
    case("C1", "fail", "年末结转和结余 off", nd(S1, "2024年度支出总计606.41万元，其中：本年支出合计532.68万元，"
                                              "结余分配0.00万元，年末结转和结余73.83万元。"), [("error", None, None)]),
    # "本单位2024年度总收入X万元，其中本年收入Y万元，较上年减少Z万元，下降W%": the change is Y's
    case("C1", "fail", "总收入 is the 收入总计", nd(S1, "（一）本单位2024年度总收入616.41万元，其中本年收入574.83万元。"),
         [("error", None, None)]),
    case("D3", "pass", "change of the 其中 figure", nd(S1, "（一）本单位2024年度总收入606.41万元，其中本年收入574.83万元，"
                                                      "较2023年度决算数减少175.26万元，下降23.37%。")),
    case("D3", "fail", "change of the 其中 figure, rate off", nd(S1, "（一）本单位2024年度总收入606.41万元，其中本年收入574.83万元，"
                                                                "较2023年度决算数减少175.26万元，下降24.37%。"), [("error", None, None)]),
    # "本单位收入为X万元" / "本单位支出为X万元"
    case("C2", "pass", "本单位收入为", nd(S2, "2024年度，本单位收入为574.83万元，其中：财政拨款收入574.40万元，占99.93%。")),
    case("C2", "fail", "本单位收入为", nd(S2, "2024年度，本单位收入为575.83万元，其中：财政拨款收入574.40万元，占99.93%。"),
         [("error", None, None)]),
    case("C3", "fail", "本单位支出为", nd(S3, "2024年度，本单位支出为533.68万元。"), [("error", None, None)]),
    # the fund lines of the 收入决算 section and their shares of 本年收入合计
    case("C2", "pass", "fund income and its share", nd(S2, "2024年本年收入合计574.83万元，其中：一般公共预算财政拨款收入574.40万元，"
                                                      "占99.93%；政府性基金预算财政拨款收入0万元，占0%；其他收入0.43万元，占0.07%。")),
    case("C2", "fail", "fund income share off", nd(S2, "2024年本年收入合计574.83万元，其中：一般公共预算财政拨款收入574.40万元，"
                                                   "占98.93%；其他收入0.43万元，占0.07%。"), [("error", None, None)]),
    # "一般公共预算财政拨款支出总计X万元" is the 公开05 合计, not the 财政拨款 收支总计
    case("C4", "pass", "一般公共预算财政拨款支出总计 is not the 财政拨款 grand total",
         nd(S5c, "2024年度，本单位一般公共预算财政拨款支出总计532.53万元。")),
    case("C5", "fail", "一般公共预算财政拨款支出总计 off", nd(S5c, "2024年度，本单位一般公共预算财政拨款支出总计533.53万元。"),
         [("error", None, None)]),
    # "财政拨款收入总计X万元 … 支出总计Y万元" with X ≠ Y: the year's 本年收入 / 本年支出
    case("C4", "pass", "财政拨款收入总计 meaning the year's income", nd(S4b, "2024年财政拨款收入总计574.40万元，财政拨款支出总计532.53万元。")),
    case("C4", "fail", "财政拨款收入总计 off", nd(S4b, "2024年财政拨款收入总计575.40万元。"), [("error", None, None)]),
    # "一般公共预算支出决算数为X万元"
    case("C5", "fail", "支出决算数为", nd(S5c, "2024年一般公共预算支出决算数为533.53万元，完成预算95.70%。"), [("error", None, None)]),
    # a 项 named before the colon of its own sentence, no 年初预算 printed
    case("C5", "pass", "item named before its colon", nd(S5c, "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为384.36万元，"
                                                         "完成预算89.53%，决算数小于预算数的主要原因是人员减少。")),
    case("C5", "fail", "item named before its colon", nd(S5c, "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为385.36万元，"
                                                         "完成预算89.53%，决算数小于预算数的主要原因是人员减少。"), [("error", None, None)]),
    # "完成预算Z%" (no 的)
    case("C6", "fail", "rate without 的", nd(S5, "科学技术支出年初预算为490.91万元，支出决算为406.12万元，完成预算83.73%。"),
         [("error", None, None)]),
]

_budget = __import__("tests.checks.cases.narrative", fromlist=["_budget_doc"])._budget_doc

CASES += [
    # a 预算 narrative in 元 against tables in 万元: a figure more than half a cent (50 元) away is another figure
    case("C3", "pass", "元 figure rounding to the 万元 cell", _budget("# 三、支出预算情况说明", "2024 年支出预算 5326800 元，其中：基本支出预算 5109249 元。")),
    case("C3", "fail", "元 figure 100 元 off the 万元 cell", _budget("# 三、支出预算情况说明", "2024 年支出预算 5326800 元，其中：基本支出预算 5109300 元。"),
         [("error", None, None)]),
    # "机构运行X元，其中：基本支出X元，项目支出0元": the 项's own split, not the table's 合计
    case("C5", "pass", "a 项's own 基本/项目 split", _budget("# 五、一般公共预算支出情况说明", "（一）一般公共预算支出按支出功能分类科目划分。",
                                                        "机构运行 3843600 元，其中：基本支出 3843600 元，项目支出 0 元。主要用于事业单位日常运转。")),
    case("C5", "fail", "a 项's own 基本/项目 split, 项目 off", _budget("# 五、一般公共预算支出情况说明", "（一）一般公共预算支出按支出功能分类科目划分。",
                                                               "机构运行 3843600 元，其中：基本支出 3843600 元，项目支出 1000 元。"),
         [("error", None, None)]),
    # "（一）科学技术支出类科目X元，占支出总预算Y%": the 类 row of the 支出 table and its share
    case("C3", "pass", "类科目 of all spending", _budget("# 三、支出预算情况说明", "（一）科学技术支出类科目 4062700 元，占支出总预算 76.27%。")),
    case("C3", "fail", "类科目 of all spending off", _budget("# 三、支出预算情况说明", "（一）科学技术支出类科目 4072700 元，占支出总预算 76.46%。"),
         [("error", None, None)]),
    # "财政拨款收支总预算X元 … 支出包括：科学技术支出Y元": 公开04's 支出 lines
    case("C4", "pass", "财政拨款 支出 by 类", _budget("# 四、财政拨款收支预算总体情况说明", "支出包括：科学技术支出 4061200 元、社会保障和就业支出 943200 元。")),
    case("C4", "fail", "财政拨款 支出 by 类 off", _budget("# 四、财政拨款收支预算总体情况说明", "支出包括：科学技术支出 4061200 元、社会保障和就业支出 953200 元。"),
         [("error", None, None)]),
    # "一般公共预算当年拨款X万元"
    case("C4", "pass", "一般公共预算当年拨款", _budget("# 五、一般公共预算当年拨款规模变化情况", "2024年一般公共预算当年拨款574.40万元。")),
    case("C4", "fail", "一般公共预算当年拨款 off", _budget("# 五、一般公共预算当年拨款规模变化情况", "2024年一般公共预算当年拨款584.40万元。"),
         [("error", None, None)]),
]

_t09_items = lambda: [t for t in __import__("tests.checks.mini", fromlist=["consistent_tables"]).consistent_tables()
                      if t.id != "T09"] + [__import__("tests.checks.mini", fromlist=["t09"]).t09(
                          actual=("0.81", "0.00", "0.21", "0.00", "0.21", "0.60"))]
S9b = "# 七、财政拨款“三公”经费支出决算情况说明"

CASES += [
    # "其中公务接待费为X万元，占Y%": an item's share of the 三公 total
    case("C8", "pass", "item share of the 三公 total", nd(S9b, "2024年实际支出“三公”经费决算为0.81万元。其中公务接待费为0.60万元，"
                                                         "占74.07%；公务用车运行维护费为0.21万元，占25.93%。", tables=_t09_items())),
    case("C8", "fail", "item share of the 三公 total off", nd(S9b, "2024年实际支出“三公”经费决算为0.81万元。其中公务接待费为0.60万元，"
                                                              "占75.07%；公务用车运行维护费为0.21万元，占25.93%。", tables=_t09_items()),
         [("error", None, None)]),
    # "公务接待支出X万元", "公务用车及运行维护费支出X万元"
    case("C8", "fail", "公务接待支出", nd(S9b, "其中：公务接待支出0.50万元，比上年累计支出0.70万元下降0.20万元。", tables=_t09_items()),
         [("error", None, None)]),
    case("C8", "fail", "公务用车及运行维护费", nd(S9b, "公务用车及运行维护费支出0.31万元。", tables=_t09_items()), [("error", None, None)]),
]

CASES += [
    # "国内公务接待支出X万(含外宾接待支出Y万元": parts of the 公务接待费 the table does not print
    case("C8", "pass", "外宾接待 is not the 公务接待费 column", nd(S9b, "国内公务接待支出0.60万(含外宾接待支出0.00万元)。", tables=_t09_items())),
]

CASES += [
    # "四、财政拨款收入支出决算总体情况 … 财政拨款收入X万元，财政拨款支出Y万元，年末财政拨款结转和结余Z万元"
    case("C4", "pass", "财政拨款 year totals and 年末", nd(S4b, "2024年度财政拨款收入574.40万元，财政拨款支出532.53万元，"
                                                         "年初财政拨款结转和结余31.21万元，年末财政拨款结转和结余73.08万元。")),
    case("C4", "fail", "财政拨款支出 off", nd(S4b, "2024年度财政拨款收入574.40万元，财政拨款支出533.53万元。"), [("error", None, None)]),
    case("C4", "fail", "年末财政拨款结转和结余 off", nd(S4b, "2024年度年末财政拨款结转和结余73.18万元。"), [("error", None, None)]),
    # "1.…(类)…(款)机构运行(项)：年初预算为X万元，支出决算为Y万元，完成年初预算的Z%": named before the colon
    case("C6", "pass", "item named before its colon", nd(S5, "1.科学技术支出（类）科技条件与服务（款）机构运行（项）：年初预算为400.00万元，"
                                                        "支出决算为384.36万元，完成年初预算的96.09%。")),
    case("C6", "fail", "item named before its colon, 决算 off", nd(S5, "1.科学技术支出（类）科技条件与服务（款）机构运行（项）：年初预算为"
                                                                 "385.36万元，支出决算为385.36万元，完成年初预算的100.00%。"),
         [("error", None, None)]),
]

CASES += [
    # "X、Y分别为A万元、B万元": each figure named by the list before 分别
    case("C3", "pass", "分别为 list", nd(S3, "2024年本年支出合计532.68万元，其中：基本支出、项目支出分别为510.92万元、21.76万元。")),
    case("C3", "fail", "分别为 list, second off", nd(S3, "其中：基本支出、项目支出分别为510.92万元、22.76万元。"), [("error", None, None)]),
    case("C1", "fail", "分别为 list of totals", nd(S1, "2024年度收入总计、支出总计分别为606.41万元、606.51万元。"), [("error", None, None)]),
    # "其他收入 0.43 万，占 0.07%": 万 without 元
    case("C2", "fail", "万 without 元", nd(S2, "2.其他收入 0.53 万，占 0.07%。"), [("error", None, None)]),
]

CASES += [
    # "收入、支出总计各为A万元、B万元": the last name's ending is the first's too
    case("C1", "fail", "收入、支出总计各为 list", nd(S1, "2024年度收入、支出总计各为606.41万元、606.51万元。"), [("error", None, None)]),
    # "收入和支出分别为A万元和B万元" in the 总体 section may name the 总计
    case("C2", "pass", "收入和支出 meaning the 总计", nd(S1, "2024年度收入和支出分别为606.41万元和606.41万元。")),
    case("C2", "fail", "本年收入决算", nd(S2, "2024年度本年收入决算575.83万元。"), [("error", None, None)]),
]

CASES += [
    # "完成年初预算Z%，决算数大于/小于预算数X万元" with no 预算数 printed: Z = 决算 ÷ (决算 ∓ X)
    case("D3", "pass", "rate and the difference to the budget", nd(S5c, "2024年度一般公共预算财政拨款支出532.53万元，完成年初预算的90.60%，"
                                                                   "决算数小于预算数55.23万元。")),
    case("D3", "fail", "rate and the difference to the budget", nd(S5c, "2024年度一般公共预算财政拨款支出532.53万元，完成年初预算的91.60%，"
                                                                   "决算数小于预算数55.23万元。"), [("error", None, None)]),
    # 100 % although over the budget (a real 决算's wording): 核实, not an error
    case("D3", "fail", "100% although over the budget", nd(S5c, "2024年度一般公共预算财政拨款支出总计532.53万元；完成年初预算100%，"
                                                              "决算数大于预算数55.93万元，主要原因：人员增加。"), [("warning", None, None)]),
]

def _t05_budget_col():
    """A 公开05 that prints each row's 年初预算数 beside its 决算 (some provinces)."""
    from tests.checks.builders import make_table
    cols = ["科目代码", "科目名称", "年初预算数", "合计", "基本支出", "项目支出"]
    rows = ["\t合计\t556.43\t532.53\t510.77\t21.76", "206\t科学技术支出\t430.02\t406.12\t384.36\t21.76",
            "20605\t科技条件与服务\t400.00\t384.36\t384.36\t", "2060501\t机构运行\t400.00\t384.36\t384.36\t",
            "20699\t其他科学技术支出\t30.02\t21.76\t\t21.76", "2069999\t其他科学技术支出\t30.02\t21.76\t\t21.76",
            "208\t社会保障和就业支出\t94.32\t94.32\t94.32\t", "20805\t行政事业单位养老支出\t94.32\t94.32\t94.32\t",
            "2080505\t机关事业单位基本养老保险缴费支出\t94.32\t94.32\t94.32\t", "210\t卫生健康支出\t32.09\t32.09\t32.09\t",
            "21011\t行政事业单位医疗\t32.09\t32.09\t32.09\t", "2101102\t事业单位医疗\t32.09\t32.09\t32.09\t"]
    return make_table("一般公共预算财政拨款支出决算表", cols, rows, id="T05")


def _with_05_budget():
    from tests.checks.mini import consistent_tables
    return [t for t in consistent_tables() if t.id != "T05"] + [_t05_budget_col()]


CASES += [
    # "…(项)：支出决算为Y万元，完成预算Z%": Z against the 年初预算 column 公开05 prints
    case("C6", "pass", "rate against 05's 年初预算 column", nd(S5c, "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为384.36万元，"
                                                            "完成预算96.09%。", tables=_with_05_budget())),
    case("C6", "fail", "rate against 05's 年初预算 column", nd(S5c, "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为384.36万元，"
                                                            "完成预算89.53%。", tables=_with_05_budget()), [("error", None, None)]),
    case("C6", "fail", "total's rate against 05's 年初预算 column", nd(S5c, "2024年一般公共预算支出决算数为532.53万元，完成预算97.70%。",
                                                                   tables=_with_05_budget()), [("error", None, None)]),
]

CASES += [
    # "本年度我院财政拨款收入共计X万元，占总收入的Y%"
    case("C2", "fail", "我院 … 占总收入", nd(S2, "本年度我院财政拨款收入共计574.40万元，占总收入的98.93%。"), [("error", None, None)]),
    # "工资福利支出预算X元，占基本支出预算Y%": an 经济分类 class of the 基本支出 outside its own section
    case("C7", "pass", "经济分类 class, share of 基本支出", _budget("# 五、一般公共预算支出情况说明", "工资福利支出预算 4366200 元，占基本支出预算 85.48%。")),
    case("C7", "fail", "经济分类 class, share of 基本支出", _budget("# 五、一般公共预算支出情况说明", "工资福利支出预算 4376200 元，占基本支出预算 85.68%。"),
         [("error", None, None)]),
]

CASES += [
    # "收、支总计各减少X,Y万元，各下降P%、Q%": each rate against its own total
    case("D3", "pass", "paired changes of the 收、支 totals", nd(S1, "2024年度收、支总计各是574.83,532.68万元。",
                                                             "与2023年相比，收、支总计各减少10.00,20.00万元，各下降1.71%、3.62%。")),
    case("D3", "fail", "paired changes of the 收、支 totals, second rate off", nd(S1, "2024年度收、支总计各是574.83,532.68万元。",
                                                                              "与2023年相比，收、支总计各减少10.00,20.00万元，各下降1.71%、3.72%。"),
         [("error", None, None)]),
]

CASES += [
    # guards: a rate of the 全年 budget is not against 公开05's 年初预算 column; with two figures before
    # "完成…，决算数小于预算数X万元" which one the rate is of is not said
    case("C6", "pass", "全年预算 rate is not against the 年初 column", nd(S5c, "1.科学技术支出(类)科技条件与服务(款)机构运行(项)：支出决算为"
                                                                      "384.36万元，完成全年预算的89.53%。", tables=_with_05_budget())),
    case("D3", "pass", "two figures before the rate", nd(S5c, "2024年度收入总计606.41万元，一般公共预算财政拨款支出532.53万元，"
                                                          "完成年初预算的50.00%，决算数小于预算数55.23万元。"),
         status="not_applicable"),
]

CASES += [
    # 政府采购 in 元 against the 万元 统计表: a figure rounding to the cell is the cell's figure
    case("C11", "pass", "元 figures rounding to the 统计表", nd("# （二）政府采购情况说明", "2024 年政府采购支出 19949 元，其中：货物类采购 17449 元，"
                                                            "工程类采购 0 元，服务类采购 2500 元。")),
    case("C11", "fail", "元 figure off the 统计表", nd("# （二）政府采购情况说明", "2024 年政府采购支出 20900 元，其中：货物类采购 18400 元，"
                                                    "工程类采购 0 元，服务类采购 2500 元。"), [("error", None, None), ("error", None, None)]),
]

CASES += [
    # national 预算 template: "1.…(类)…(款)机构运行(项)2025年预算数为X万元" (the year after the item's name)
    case("C5", "fail", "item's 预算数 after its name and year", _budget("# （三）一般公共预算当年拨款具体使用情况",
         "1.科学技术支出（类）科技条件与服务（款）机构运行（项）2024年预算数为385.36万元，比2023年执行数增加10.00万元。"),
         [("error", None, None)]),
    # "收入预算合计X万元，包括本年收入和上年结转结余": a 合计 that is the 总计
    case("C2", "pass", "收入合计 meaning the 总计", _budget("# 二、收入预算情况说明", "2024年收入预算合计606.41万元，包括本年收入和上年结转结余。"
                                                       "本年收入574.83万元；上年结转结余31.58万元。")),
]
