from tests.checks.builders import make_doc, make_table
from tests.checks.cases import case


def form(budget="59.064", execd="13.162", rate="22.28", score="2.23", points_hdr="得分（10分*执行率）",
         s1=("20", "10"), s2=("10", "10"), total="22.23", grade="差", funds=None, unit=None, name="科技人才与合作业务费"):
    rows = [
        ["项目名称", "", name, "", "", ""],
        ["项目资金（万元）", "", "全年预算数", "全年执行数", "执行率", points_hdr],
        ["", "年度资金总额", budget, execd, rate, score],
    ]
    rows += funds or []
    rows += [
        ["绩效指标", "一级指标", "三级指标", "分值", "得分", ""],
        ["", "产出指标", "组织开展专家服务", s1[0], s1[1], ""],
        ["", "满意度指标", "服务对象满意度", s2[0], s2[1], ""],
        ["总分", "", "", "", total, grade],
    ]
    return make_table(f"{name}项目支出绩效自评表", [f"c{i}" for i in range(6)], rows, kind="form", unit=unit, id="T20")


def fd(**kw):
    return lambda: make_doc([form(**kw)])


FUNDS = [["", "其中：财政拨款", "50.00", "10.00", "", ""], ["", "上年结转资金", "9.064", "3.162", "", ""]]
FUNDS_BAD = [["", "其中：财政拨款", "50.00", "10.00", "", ""], ["", "上年结转资金", "8.064", "3.162", "", ""]]

CASES = [
    case("E1", "pass", "rate", fd()),
    case("E1", "pass", "rate as fraction", fd(rate="0.2228")),
    case("E1", "fail", "rate wrong", fd(rate="24.28"), [("error", None, None)]),
    case("E1", "pass", "no form → not applicable", lambda: make_doc([]), status="not_applicable"),
    case("E2", "pass", "funds", fd(funds=FUNDS)),
    case("E2", "fail", "funds don't add", fd(funds=FUNDS_BAD), [("error", None, None)]),
    case("E3", "pass", "score", fd()),
    case("E3", "fail", "score wrong", fd(score="3.23", total="23.23"), [("error", None, None)]),
    case("E4", "pass", "total and grade", fd()),
    case("E4", "fail", "score above points", fd(s2=("10", "12"), total="24.23"), [("error", None, None)]),
    case("E4", "fail", "grade", fd(grade="良"), [("error", None, None)]),
    case("E4", "fail", "total ≠ Σ (核实)", fd(total="30.23"), [("warning", None, None)]),
    case("E5", "pass", "narrative vs form in 元", lambda: make_doc(
        [form(budget="590640", execd="131620", unit="元", score="2.23")],
        ["# （四）预算绩效情况说明",
         "1. 科技人才与合作业务费 项目绩效自评综述：项目全年预算数为 59.06 万元，执行数为 13.16 万元，完成预算的 22.28 %。"])),
    case("E5", "fail", "narrative vs form", lambda: make_doc(
        [form(budget="590640", execd="131620", unit="元", score="2.23")],
        ["# （四）预算绩效情况说明",
         "1. 科技人才与合作业务费 项目绩效自评综述：项目全年预算数为 59.06 万元，执行数为 14.16 万元，完成预算的 23.98 %。"]),
         [("error", None, None)]),
]


# round 12: 绩效 sentences other provinces print — each restates the form (pass) or changes one figure (fail)
def _e5(sentence, heading="# （四）预算绩效情况说明"):
    return lambda: make_doc([form(budget="59.06", execd="13.16")], [heading, sentence])


_E5_FORMS = [
    ("项目全年预算数 (no 为)", "科技人才与合作业务费项目绩效自评情况：项目全年预算数59.06万元，执行数13.16万元，预算执行率22.28%。",
     "科技人才与合作业务费项目绩效自评情况：项目全年预算数59.06万元，执行数14.16万元，预算执行率22.28%。", "error"),
    ("自评得分N分", "科技人才与合作业务费项目绩效自评得分22.23分，全年预算数59.06万元，全年执行数13.16万元，执行率22.28%。",
     "科技人才与合作业务费项目绩效自评得分25.23分，全年预算数59.06万元，全年执行数13.16万元，执行率22.28%。", "error"),
    ("项目： without 自评", "科技人才与合作业务费项目：年度预算数59.06万元，实际支出13.16万元，预算执行率为22.28%，自评得分22.23分。",
     "科技人才与合作业务费项目：年度预算数59.06万元，实际支出13.16万元，预算执行率为23.28%，自评得分22.23分。", "error"),
    ("年初预算 is not 全年预算", "“科技人才与合作业务费”项目年初预算数为50万元，全年预算数为59.06万元，全年执行数为13.16万元，执行率22.28%。",
     "“科技人才与合作业务费”项目年初预算数为50万元，全年预算数为69.06万元，全年执行数为13.16万元，执行率22.28%。", "error"),
    ("组织对N个项目开展绩效自评", "本单位组织对1个项目开展绩效自评，涉及资金59.06万元，平均得分22.23分。",
     "本单位组织对2个项目开展绩效自评，涉及资金59.06万元，平均得分22.23分。", "warning"),
    ("涉及预算金额, 自评 clause after 绩效目标",
     "编报绩效目标的2024年度项目3个，涉及预算金额100万元；绩效自评的2024年度项目1个，涉及预算金额59.06万元，平均得分22.23分。",
     "编报绩效目标的2024年度项目3个，涉及预算金额100万元；绩效自评的2024年度项目1个，涉及预算金额60.06万元，平均得分22.23分。",
     "warning"),
    ("平均得分 of one form", "绩效自评的2024年度项目1个，涉及预算金额59.06万元，平均得分22.23分。",
     "绩效自评的2024年度项目1个，涉及预算金额59.06万元，平均得分92.23分。", "error"),
]
CASES += [c for name, ok, bad, sev in _E5_FORMS for c in (
    case("E5", "pass", f"form: {name}", _e5(ok)), case("E5", "fail", f"form: {name}", _e5(bad), [(sev, None, None)]))]
CASES += [
    case("E5", "pass", "form: 共涉及项目 under a 自评 heading", _e5("共涉及项目 1 个，资金 59.06 万元。", "# （一）项目绩效自评情况")),
    case("E5", "fail", "form: 共涉及项目 under a 自评 heading", _e5("共涉及项目 2 个，资金 59.06 万元。", "# （一）项目绩效自评情况"),
         [("warning", None, None)]),
]


# the 部门整体支出绩效自评表 and the sentence that restates it
def _dept(sentence):
    import dataclasses
    t = dataclasses.replace(form(budget="1112.14", execd="1000.00", rate="89.92", score="8.99", total="28.99", grade="差"),
                            title="部门整体支出绩效自评表")
    return lambda: make_doc([t], ["# （二）部门整体支出自评结果", sentence])


CASES += [
    case("E5", "pass", "form: 部门整体支出 资金", _dept("我部门组织对1个部门开展整体支出绩效自评，资金1112.14万元，自评得分28.99分。")),
    case("E5", "fail", "form: 部门整体支出 资金", _dept("我部门组织对1个部门开展整体支出绩效自评，资金1121.14万元，自评得分28.99分。"),
         [("warning", None, None)]),
    case("E5", "pass", "form: 部门整体支出 得分、执行率", _dept("部门整体支出绩效自评得分28.99分，预算执行率89.92%。")),
    case("E5", "fail", "form: 部门整体支出 得分、执行率", _dept("部门整体支出绩效自评得分28.99分，预算执行率98.92%。"),
         [("error", None, None)]),
]
# a project named in the 一般公共预算 section states its 财政拨款 figures, not its form's: compared only in a 绩效 section
CASES += [case("E5", "pass", "form: a project named outside the 绩效 section", lambda: make_doc(
    [form(budget="59.06", execd="13.16")],
    ["# （三）一般公共预算财政拨款支出决算具体情况", "科技人才与合作业务费项目：预算数70.00万元，支出决算12.00万元。",
     "# （四）预算绩效情况说明", "科技人才与合作业务费项目：年度预算数59.06万元，实际支出13.16万元，预算执行率为22.28%。"]))]


# round 14: a sentence the reader cut at "；" — the project's 执行数 in the item after its 预算数, the grades
# counted in the items after the count — is read on across the cut
def _e5_items(*items):
    return lambda: make_doc([form(budget="59.06", execd="13.16")], ["# （四）预算绩效情况说明", *items])


_NAMED = "科技人才与合作业务费项目绩效自评情况：项目全年预算数59.06万元；"
_COUNTED = "绩效自评的2024年度项目1个，涉及预算金额59.06万元，平均得分22.23分（其中，绩效评级为“优”的项目0个；"
CASES += [
    case("E5", "pass", "form: 执行数 cut at ；", _e5_items(_NAMED, "执行数13.16万元，预算执行率22.28%。")),
    case("E5", "fail", "form: 执行数 cut at ；", _e5_items(_NAMED, "执行数14.16万元，预算执行率22.28%。"),
         [("error", None, None)]),
    case("E5", "pass", "form: grades cut at ；", _e5_items(_COUNTED, "绩效评级为“差”的项目1个）。")),
    case("E5", "fail", "form: grades cut at ；", _e5_items(_COUNTED, "绩效评级为“差”的项目0个）。"),
         [("error", None, None)]),
]
