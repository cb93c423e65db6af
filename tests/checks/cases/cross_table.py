from tests.checks.builders import make_doc
from tests.checks.cases import case
from tests.checks.mini import T05_ROWS, doc, t01, t02, t03, t04, t05, t06, t07, t09, consistent_tables

T03_SMALL = ["\t合计\t532.68\t510.92\t21.76", "206\t科学技术支出\t406.27\t384.51\t21.76",
             "208\t社会保障和就业支出\t94.32\t94.32\t", "210\t卫生健康支出\t32.09\t32.09\t"]


TOC = [t.title for t in consistent_tables()]


def _t06_with_30217(amount):
    from tests.checks.mini import make_table
    cols = ["科目代码", "科目名称", "决算数"] * 2
    paths = [("人员经费", c) for c in cols[:3]] + [("公用经费", c) for c in cols[3:]]
    rows = [f"301\t工资福利支出\t10.00\t302\t商品和服务支出\t{amount}",
            f"30101\t基本工资\t10.00\t30217\t公务接待费\t{amount}",
            f"人员经费合计\t\t10.00\t公用经费合计\t\t{amount}"]
    return make_table("一般公共预算财政拨款基本支出决算明细表", cols, rows, id="T06", blocks=[0, 3],
                      column_paths=paths, economic=True)


def t12(*changes, amount_only=False):
    """财政拨款支出决算表 (type 12: every 财政拨款 fund by 功能分类), here the mini 05's figures (no
    政府性基金 or 国资 spending); `changes`: (row index, cells replacing that row's figures);
    `amount_only`: one column of figures (金额), as 江苏's 财政拨款支出预算表（功能科目） prints it."""
    from tests.checks.mini import make_table
    rows = [r.split("\t") for r in T05_ROWS]
    for i, figures in changes:
        rows[i][2:] = figures
    if amount_only:
        return make_table("财政拨款支出预算表（功能科目）", ["科目代码", "科目名称", "金额"], [r[:3] for r in rows], id="T12")
    return make_table("财政拨款支出决算表", ["科目代码", "科目名称", "合计", "基本支出", "项目支出"], rows, id="T12")


def _t12_without(i):
    t = t12()
    del t.rows[i]
    return t


def _with_toc(toc):
    d = doc(*consistent_tables())
    d.toc = toc
    return d


CASES = [
    case("B1", "pass", "consistent", lambda: doc(t01(), t02())),
    case("B1", "fail", "total", lambda: doc(t01(), t02(["\t合计\t575.83\t575.40\t\t\t\t\t0.43"])),
         [("error", "本年收入合计", "金额"), ("error", "合计", "财政拨款收入")]),
    case("B1", "fail", "other income", lambda: doc(t01(), t02(["\t合计\t574.83\t574.40\t\t\t\t\t0.53"])),
         [("error", "合计", "其他收入")]),
    case("B2", "pass", "consistent", lambda: doc(t01(), t03())),
    case("B2", "fail", "seed 003: 类 140.93 vs 140.92", lambda: doc(t01(exp=("406.27", "94.33", "32.09"), exp_total="532.69",
                                                                        close="73.72"), t03()),
         [("error", "二、社会保障和就业支出", "金额"), ("error", "本年支出合计", "金额")]),
    case("B2", "fail", "类 missing in 03", lambda: doc(t01(), t03(T03_SMALL[:3] + ["221\t住房保障支出\t32.09\t32.09\t"])),
         [("error", "三、卫生健康支出", "金额"), ("error", "住房保障支出", "本年支出合计")]),
    case("B5", "pass", "consistent", lambda: doc(t02(), t04())),
    case("B5", "fail", "财政拨款收入", lambda: doc(t02(), t04(left=("564.40", "", ""), inc_total="564.40"))),
    case("B7", "pass", "consistent", lambda: doc(t04(), t05())),
    case("B7", "fail", "类 differs", lambda: doc(t04(exp=(("406.12", "406.12"), ("94.32", "94.32"), ("32.19", "32.19"))), t05()),
         [("error", "三、卫生健康支出", "一般公共预算财政拨款")]),
    # 财政拨款支出表 (12) printed: 04 本年支出合计.合计 (all three funds) = its 合计; each 类 likewise
    case("B7", "pass", "with 12", lambda: doc(t04(), t05(), t12())),
    case("B7", "pass", "12 of one column (金额), no 05", lambda: doc(t04(), t12(amount_only=True))),
    case("B7", "fail", "12 total differs", lambda: doc(t04(), t05(), t12((0, ["532.63", "510.87", "21.76"]))),
         [("error", "本年支出合计", "合计")]),
    case("B7", "fail", "12 类 differs, no 05", lambda: doc(t04(), t12((6, ["94.42", "94.42", ""]))),
         [("error", "二、社会保障和就业支出", "合计")]),
    case("B9", "pass", "consistent", lambda: doc(t05(), t06())),
    case("B9", "fail", "tail (seed 000 510.77 vs 510.78)", lambda: doc(t05(), t06(public="40.93", g302="40.93", g30299="7.13")),
         [("info", "合计", "基本支出")]),
    case("B9", "fail", "error", lambda: doc(t05(), t06(public="42.92", g302="42.92", g30299="9.12")),
         [("error", "合计", "基本支出")]),
    case("B10", "pass", "empty 07 with note", lambda: doc(t04(), t07())),
    case("B10", "fail", "07 has numbers but 04 fund is 0", lambda: doc(t04(), t07(["\t合计\t\t5.00\t5.00\t\t5.00\t"]))),
    case("B12", "pass", "consistent", lambda: doc(t03(), t05())),
    # 财政拨款支出表 (12) printed too: 05 ≤ 12 ≤ 03 item by item (一般公共预算 ⊂ 财政拨款 ⊂ all funds)
    case("B12", "pass", "05 ≤ 12 ≤ 03", lambda: doc(t03(), t05(), t12())),
    case("B12", "pass", "12 ≤ 03, no 05", lambda: doc(t03(), t12())),
    case("B12", "pass", "05 ≤ 12 of one column (金额), no 03", lambda: doc(t05(), t12(amount_only=True))),
    case("B12", "fail", "05 exceeds 12", lambda: doc(t03(), t05(), t12((3, ["380.00", "380.00", ""]))),
         [("error", "机构运行", "合计"), ("error", "机构运行", "基本支出")]),
    case("B12", "fail", "12 exceeds 03", lambda: doc(t03(), t05(), t12((3, ["390.00", "390.00", ""]))),
         [("error", "机构运行", "合计"), ("error", "机构运行", "基本支出")]),
    case("B12", "fail", "05 item missing from 12", lambda: doc(t03(), t05(), _t12_without(3)),
         [("error", "机构运行", "合计")]),
    case("B12", "fail", "05 exceeds 03", lambda: doc(t03(), t05(["\t合计\t532.53\t510.77\t21.76",
                                                              "2060501\t机构运行\t390.00\t390.00\t"])),
         [("error", "机构运行", "合计"), ("error", "机构运行", "基本支出")]),
    case("B13", "pass", "no 三公 lines", lambda: doc(t06(), t09())),
    case("B13", "fail", "30217 > 09 接待", lambda: doc(_t06_with_30217("1.20"), t09()),
         [("error", "公务接待费", "决算数")]),
    case("B13", "pass", "30217 within 09 接待", lambda: doc(_t06_with_30217("0.80"), t09())),
    case("B15", "pass", "all 万元", lambda: doc(*consistent_tables())),
    case("B15", "fail", "unit missing", lambda: doc(t01(unit=None), t05()), [("warning", None, None)]),
    case("B16", "pass", "toc matches", lambda: _with_toc(TOC)),
    case("B16", "fail", "toc lists missing table", lambda: _with_toc(TOC + ["国有资本经营预算财政拨款支出决算表"]),
         [("warning", "国有资本经营预算财政拨款支出决算表", None)]),
    case("B16", "pass", "no toc → skipped", lambda: doc(t01()), status="skipped"),
]
