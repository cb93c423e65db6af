"""情况说明 forms other provinces, levels and years print (round 11), each restating the mini tables'
figures (tests.checks.mini): 较上年/比上年/同比 增加/减少/增长/下降/持平, 增幅/降幅/增长率为, amounts in
元/万元/亿元, 占比/占…的Y%/所占比重/占…比例为, 完成年初预算的/为年初预算的/预算完成率/执行率, the 决算 printed
before its 预算, 三公 sentences with 0 / 未发生 / 与上年持平, 机关运行经费, 政府采购, 国有资产 (车辆, 设备).
Each form is a pass case (the sentence as printed, consistent) and a fail case (one figure changed)
that the rule must report on that sentence — and nothing else of that rule."""
from tests.checks.cases import case
from tests.checks.cases.narrative import _running_tables, _t10_assets, _t10_running
from tests.checks.mini import consistent_tables, doc


def _R():
    return _running_tables(_t10_running())


def _A():
    return _running_tables(_t10_assets())


def _form(rule, name, section, ok, bad, severities, tables=None):
    make = (lambda s: (lambda: doc(*(tables or consistent_tables()), narrative=[section, s])))
    return [case(rule, "pass", f"form: {name}", make(ok)),
            case(rule, "fail", f"form: {name}", make(bad), [(sev, None, None) for sev in severities])]


FORMS = [
    _form('D3', '收入总计 较上年增加/增长', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，较上年增加10.00万元，增长1.68%。', '2024年度收入总计606.41万元，较上年增加10.00万元，增长2.68%。', ('error',)),
    _form('D3', '收入总计 比上年减少/下降', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，比上年减少10.00万元，下降1.62%。', '2024年度收入总计606.41万元，比上年减少10.00万元，下降1.72%。', ('error',)),
    _form('D3', '同比增长', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，同比增加10.00万元，增长1.68%。', '2024年度收入总计606.41万元，同比增加10.00万元，增长1.86%。', ('error',)),
    _form('D3', '同比 direction wrong', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，同比增加10.00万元，增长1.68%。', '2024年度收入总计606.41万元，同比增加10.00万元，下降1.68%。', ('error',)),
    _form('C1', '持平', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，与上年持平。', '2024年度收入总计607.41万元，与上年持平。', ('error',)),
    _form('D3', '增减变化', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，与上年相比增减变化情况为增加10.00万元，增长1.68%。', '2024年度收入总计606.41万元，与上年相比增减变化情况为增加10.00万元，增长1.98%。', ('error',)),
    _form('C1', '元 amounts', '# 一、收入支出决算总体情况说明', '2024年度收入总计6064100.00元，支出总计6064100.00元。', '2024年度收入总计6074100.00元，支出总计6064100.00元。', ('error',)),
    _form('C1', 'amount before label 为', '# 一、收入支出决算总体情况说明', '2024年度收入总计为606.41万元，支出总计为606.41万元。', '2024年度收入总计为606.41万元，支出总计为607.41万元。', ('error',)),
    _form('C1', '收入总计 and 支出总计 共计', '# 一、收入支出决算总体情况说明', '2024年度收支总计共计606.41万元。', '2024年度收支总计共计607.41万元。', ('error',)),
    _form('C1', '收、支总计均为', '# 一、收入支出决算总体情况说明', '2024年度收、支总计均为606.41万元。', '2024年度收、支总计均为616.41万元。', ('error',)),
    _form('C2', '本年收入 占比', '# 二、收入决算情况说明', '2024年度收入合计574.83万元，其中：财政拨款收入574.40万元，占比99.93%。', '2024年度收入合计574.83万元，其中：财政拨款收入574.40万元，占比99.39%。', ('error',)),
    _form('C2', '占收入合计的', '# 二、收入决算情况说明', '财政拨款收入574.40万元，占本年收入合计的99.93%。', '财政拨款收入574.40万元，占本年收入合计的98.93%。', ('error',)),
    _form('C2', '所占比重', '# 二、收入决算情况说明', '财政拨款收入574.40万元，所占比重为99.93%。', '财政拨款收入574.40万元，所占比重为98.93%。', ('error',)),
    _form('C2', '占总收入的比重为', '# 二、收入决算情况说明', '财政拨款收入574.40万元，占总收入的比重为99.93%。', '财政拨款收入574.40万元，占总收入的比重为98.93%。', ('error',)),
    _form('C2', '占收入的比例', '# 二、收入决算情况说明', '财政拨款收入574.40万元，占收入合计的比例为99.93%。', '财政拨款收入574.40万元，占收入合计的比例为98.93%。', ('error',)),
    _form('C2', '收入 amount wrong', '# 二、收入决算情况说明', '财政拨款收入574.40万元。', '财政拨款收入575.40万元。', ('error',)),
    _form('C2', '其他收入 wrong', '# 二、收入决算情况说明', '其他收入0.43万元，占0.07%。', '其他收入0.53万元，占0.07%。', ('error',)),
    _form('C3', '支出 基本 项目 占', '# 三、支出决算情况说明', '2024年度支出合计532.68万元，其中：基本支出510.92万元，占95.91%；', '2024年度支出合计532.68万元，其中：基本支出510.92万元，占96.92%；', ('error',)),
    _form('C3', '基本支出占本年支出的', '# 三、支出决算情况说明', '基本支出510.92万元，占本年支出合计的95.91%。', '基本支出510.92万元，占本年支出合计的95.29%。', ('error',)),
    _form('C3', '项目支出 wrong', '# 三、支出决算情况说明', '项目支出21.76万元，占4.09%。', '项目支出21.67万元，占4.08%。', ('error',)),
    _form('C3', '支出 label after amount', '# 三、支出决算情况说明', '本年支出532.68万元，其中基本支出510.92万元、项目支出21.76万元。', '本年支出532.68万元，其中基本支出510.92万元、项目支出22.76万元。', ('error',)),
    _form('C4', '财政拨款 收支', '# 四、财政拨款收支决算总体情况说明', '2024年度财政拨款收入总计605.61万元，支出总计605.61万元。', '2024年度财政拨款收入总计605.61万元，支出总计606.61万元。', ('error',)),
    _form('C4', '财政拨款收入 本年', '# 四、财政拨款收支决算总体情况说明', '2024年度财政拨款收入574.40万元，财政拨款支出532.53万元。', '2024年度财政拨款收入574.40万元，财政拨款支出533.53万元。', ('error',)),
    _form('C5', 'gp 总体 占本年支出', '# （一）一般公共预算财政拨款支出决算总体情况', '2024年一般公共预算财政拨款支出532.53万元，占本年支出合计的99.97%。', '2024年一般公共预算财政拨款支出532.53万元，占本年支出合计的99.79%。', ('error',)),
    _form('C5', 'gp 总体 amount', '# （一）一般公共预算财政拨款支出决算总体情况', '2024年一般公共预算财政拨款支出532.53万元。', '2024年一般公共预算财政拨款支出535.53万元。', ('error',)),
    _form('C5', 'gp 类 占比', '# （二）一般公共预算财政拨款支出决算结构情况', '科学技术支出(类)406.12万元，占76.26%。', '科学技术支出(类)406.12万元，占76.62%。', ('error',)),
    _form('C5', 'gp 类 amount', '# （二）一般公共预算财政拨款支出决算结构情况', '科学技术支出(类)406.12万元，占76.26%。', '科学技术支出(类)407.12万元，占76.26%。', ('error',)),
    _form('C5', 'gp 类 支出 word first', '# （二）一般公共预算财政拨款支出决算结构情况', '科学技术（类）支出406.12万元，占76.26%。', '科学技术（类）支出416.12万元，占76.26%。', ('error',)),
    _form('C5', 'gp 类 no 类 mark', '# （二）一般公共预算财政拨款支出决算结构情况', '科学技术支出406.12万元，占一般公共预算财政拨款支出的76.26%。', '科学技术支出406.12万元，占一般公共预算财政拨款支出的67.26%。', ('error',)),
    _form('C6', 'C6 为年初预算的', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，为年初预算的82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，为年初预算的83.73%。', ('error',)),
    _form('C6', 'C6 预算完成率', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，预算完成率为82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，预算完成率为83.73%。', ('error',)),
    _form('C6', 'C6 完成年初预算的', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的83.73%。', ('error',)),
    _form('C6', 'C6 决算数为年初预算数的', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，决算数为年初预算数的82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，决算数为年初预算数的83.73%。', ('error',)),
    _form('C6', 'C6 执行率', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，执行率为82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，执行率为83.73%。', ('error',)),
    _form('C6', 'C6 actual wrong', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的82.73%。', '科学技术支出年初预算490.91万元，支出决算407.12万元，完成年初预算的82.73%。', ('error', 'error')),
    _form('C6', 'C6 决算数 first', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出决算406.12万元，年初预算490.91万元，完成年初预算的82.73%。', '科学技术支出决算406.12万元，年初预算490.91万元，完成年初预算的83.73%。', ('error',)),
    _form('C6', 'C6 调整预算', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出调整预算490.91万元，支出决算406.12万元，完成调整预算的82.73%。', '科学技术支出调整预算490.91万元，支出决算406.12万元，完成调整预算的83.73%。', ('error',)),
    _form('C7', 'C7 人员 公用', '# 六、一般公共预算财政拨款基本支出决算情况说明', '2024年度财政拨款基本支出510.77万元，其中：人员经费469.85万元，公用经费40.92万元。', '2024年度财政拨款基本支出510.77万元，其中：人员经费469.85万元，公用经费41.92万元。', ('error',)),
    _form('C7', 'C7 人员经费 占', '# 六、一般公共预算财政拨款基本支出决算情况说明', '人员经费469.85万元，占基本支出的91.99%。', '人员经费469.85万元，占基本支出的91.09%。', ('error',)),
    _form('C7', 'C7 人员 wrong', '# 六、一般公共预算财政拨款基本支出决算情况说明', '人员经费469.85万元。', '人员经费468.85万元。', ('error',)),
    _form('C7', 'C7 办公费', '# 六、一般公共预算财政拨款基本支出决算情况说明', '公用经费40.92万元，主要包括办公费33.80万元。', '公用经费40.92万元，主要包括办公费34.80万元。', ('error',)),
    _form('C8', 'C8 三公 total', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费财政拨款支出全年预算1.38万元，支出决算0.81万元，完成全年预算的58.70%。', '2024年度“三公”经费财政拨款支出全年预算1.38万元，支出决算0.91万元，完成全年预算的58.70%。', ('error', 'error')),
    _form('C8', 'C8 三公 rate', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费财政拨款支出全年预算1.38万元，支出决算0.81万元，完成全年预算的58.70%。', '2024年度“三公”经费财政拨款支出全年预算1.38万元，支出决算0.81万元，完成全年预算的57.70%。', ('error',)),
    _form('C8', 'C8 三公 预算数为', '# 九、财政拨款“三公”经费支出决算情况说明', '“三公”经费预算数为1.38万元，决算数为0.81万元。', '“三公”经费预算数为1.48万元，决算数为0.81万元。', ('error',)),
    _form('C8', 'C8 未发生', '# 九、财政拨款“三公”经费支出决算情况说明', '因公出国（境）费支出0万元，本年未发生因公出国（境）费。', '因公出国（境）费支出1.00万元，本年未发生因公出国（境）费。', ('error',)),
    _form('C8', 'C8 与上年持平', '# 九、财政拨款“三公”经费支出决算情况说明', '公务用车购置及运行费0万元，与上年持平。', '公务用车购置及运行费0.50万元，与上年持平。', ('error',)),
    _form('C8', 'C8 接待', '# 九、财政拨款“三公”经费支出决算情况说明', '公务接待费支出决算0.81万元，完成预算的58.70%。', '公务接待费支出决算0.81万元，完成预算的59.70%。', ('error',)),
    _form('C8', 'C8 接待 amount', '# 九、财政拨款“三公”经费支出决算情况说明', '公务接待费0.81万元。', '公务接待费0.91万元。', ('error',)),
    _form('D3', 'C8 三公 较上年', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费支出0.81万元，较上年减少0.19万元，下降19.00%。', '2024年度“三公”经费支出0.81万元，较上年减少0.19万元，下降19.90%。', ('error',)),
    _form('C11', 'C11 采购', '# （二）政府采购情况说明', '2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元、政府采购工程支出0万元、政府采购服务支出0.25万元。', '2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.84万元、政府采购工程支出0万元、政府采购服务支出0.25万元。', ('error', 'error')),
    _form('C11', 'C11 采购 中小', '# （二）政府采购情况说明', '政府采购支出总额1.99万元，授予中小企业合同金额1.35万元，占政府采购支出总额的67.84%。', '政府采购支出总额1.99万元，授予中小企业合同金额1.35万元，占政府采购支出总额的76.84%。', ('error',)),
    _form('C11', 'C11 采购 total wrong', '# （二）政府采购情况说明', '2024年度政府采购支出总额1.99万元。', '2024年度政府采购支出总额2.99万元。', ('error',)),
    _form('C1', '人民币', '# 一、收入支出决算总体情况说明', '2024年度收入总计为人民币606.41万元。', '2024年度收入总计为人民币607.41万元。', ('error',)),
    _form('C1', 'colon', '# 一、收入支出决算总体情况说明', '2024年度收入总计：606.41万元；支出总计：606.41万元。', '2024年度收入总计：606.41万元；支出总计：608.41万元。', ('error',)),
    _form('D3', '增幅', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，较上年增加10.00万元，增幅1.68%。', '2024年度收入总计606.41万元，较上年增加10.00万元，增幅2.68%。', ('error',)),
    _form('D3', '降幅', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，较上年减少10.00万元，降幅1.62%。', '2024年度收入总计606.41万元，较上年减少10.00万元，降幅2.62%。', ('error',)),
    _form('D3', '增长率为', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，较上年增加10.00万元，增长率为1.68%。', '2024年度收入总计606.41万元，较上年增加10.00万元，增长率为2.68%。', ('error',)),
    _form('D3', '较上年度增长', '# 一、收入支出决算总体情况说明', '2024年度收入总计606.41万元，较上年度增长10.00万元，增长1.68%。', '2024年度收入总计606.41万元，较上年度增长10.00万元，增长1.98%。', ('error',)),
    _form('C1', '元 thousands', '# 一、收入支出决算总体情况说明', '2024年度收入总计6,064,100.00元。', '2024年度收入总计6,074,100.00元。', ('error',)),
    _form('C2', 'mixed units', '# 二、收入决算情况说明', '2024年度收入合计574.83万元，其中：财政拨款收入5744000.00元，其他收入4300.00元。', '2024年度收入合计574.83万元，其中：财政拨款收入5744000.00元，其他收入5300.00元。', ('error',)),
    _form('C3', '占全部支出的', '# 三、支出决算情况说明', '基本支出510.92万元，占全部支出的95.91%。', '基本支出510.92万元，占全部支出的96.92%。', ('error',)),
    _form('C3', '占支出总额的', '# 三、支出决算情况说明', '基本支出510.92万元，占支出总额的95.91%。', '基本支出510.92万元，占支出总额的96.92%。', ('error',)),
    _form('C3', '占本年支出合计比例为', '# 三、支出决算情况说明', '基本支出510.92万元，占本年支出合计比例为95.91%。', '基本支出510.92万元，占本年支出合计比例为96.92%。', ('error',)),
    _form('C3', '占比 after 为', '# 三、支出决算情况说明', '基本支出为510.92万元，占比为95.91%。', '基本支出为510.92万元，占比为96.92%。', ('error',)),
    _form('C6', '预算完成率 no 为', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，预算完成率82.73%。', '科学技术支出年初预算490.91万元，支出决算406.12万元，预算完成率83.73%。', ('error',)),
    _form('C6', 'C6 年初预算数为 决算数为', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算数为490.91万元，决算数为406.12万元，完成年初预算的82.73%。', '科学技术支出年初预算数为490.91万元，决算数为406.12万元，完成年初预算的83.73%。', ('error',)),
    _form('C6', 'C6 小于 wording', '# （三）一般公共预算财政拨款支出决算具体情况', '科学技术支出年初预算490.91万元，支出决算406.12万元，决算数小于年初预算数。', '科学技术支出年初预算490.91万元，支出决算406.12万元，决算数大于年初预算数。', ('error',)),
    _form('D3', 'C8 比预算减少', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费支出决算0.81万元，比预算减少0.57万元，下降41.30%。', '2024年度“三公”经费支出决算0.81万元，比预算减少0.57万元，下降43.10%。', ('error',)),
    _form('C8', 'C8 三公 合计 元', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费支出8100.00元。', '2024年度“三公”经费支出9100.00元。', ('error',)),
    _form('C8', 'C8 三公 total sum', '# 九、财政拨款“三公”经费支出决算情况说明', '2024年度“三公”经费支出0.81万元，其中：因公出国（境）费0万元，公务用车购置及运行费0万元，公务接待费0.81万元。', '2024年度“三公”经费支出0.81万元，其中：因公出国（境）费0万元，公务用车购置及运行费0万元，公务接待费0.91万元。', ('error',)),
    _form('C8', 'C8 三公 share', '# 九、财政拨款“三公”经费支出决算情况说明', '公务接待费0.81万元，占“三公”经费的100.00%。', '公务接待费0.81万元，占“三公”经费的90.00%。', ('error',)),
    _form('C3', 'D4 shares sum', '# 三、支出决算情况说明', '基本支出510.92万元，占95.91%；项目支出21.76万元，占4.09%。', '基本支出510.92万元，占95.92%；项目支出21.76万元，占5.08%。', ('error', 'info')),
    _form('C5', 'C5 gp 类 占 long', '# （二）一般公共预算财政拨款支出决算结构情况', '科学技术支出(类)406.12万元，占一般公共预算财政拨款支出总额的76.26%。', '科学技术支出(类)406.12万元，占一般公共预算财政拨款支出总额的77.26%。', ('error',)),
    _form('C14', '机关运行经费 较上年', '# （一）机关运行经费支出情况说明', '2024年机关运行经费支出28.25万元，较上年减少0.19万元，下降0.67%。', '2024年机关运行经费支出28.35万元，较上年减少0.19万元，下降0.67%。', ('error',), _R()),
    _form('C14', '机关运行经费 no 支出', '# （一）机关运行经费支出情况说明', '2024年本单位机关运行经费28.25万元。', '2024年本单位机关运行经费29.25万元。', ('error',), _R()),
    _form('C14', '机关运行经费 决算数为', '# （一）机关运行经费支出情况说明', '本年度机关运行经费决算数为28.25万元。', '本年度机关运行经费决算数为28.52万元。', ('error',), _R()),
    _form('C14', '机关运行经费 为', '# （一）机关运行经费支出情况说明', '2024年度机关运行经费为28.25万元。', '2024年度机关运行经费为28.52万元。', ('error',), _R()),
    _form('C14', '机关运行经费 元', '# （一）机关运行经费支出情况说明', '2024年度机关运行经费支出282500.00元。', '2024年度机关运行经费支出285200.00元。', ('error',), _R()),
    _form('C14', '机关运行经费 heading 十', '# 十、机关运行经费支出情况说明', '2024年度机关运行经费支出28.25万元。', '2024年度机关运行经费支出28.52万元。', ('error',), _R()),
    _form('C14', '机关运行经费 under 其他', '# 十、其他重要事项的情况说明', '2024年度本部门机关运行经费支出28.25万元。', '2024年度本部门机关运行经费支出28.52万元。', ('error',), _R()),
    _form('C15', '车辆 共有', '# （三）国有资产占用情况说明', '截至2024年12月31日，本部门共有车辆2辆。', '截至2024年12月31日，本部门共有车辆3辆。', ('error',), _A()),
    _form('C15', '车辆 车辆总数', '# （三）国有资产占用情况说明', '截至2024年末，车辆总数2辆。', '截至2024年末，车辆总数3辆。', ('error',), _A()),
    _form('C15', '车辆 实有 台', '# （三）国有资产占用情况说明', '截至2024年12月31日，本部门实有车辆2台。', '截至2024年12月31日，本部门实有车辆3台。', ('error',), _A()),
    _form('C15', '车辆 占有使用', '# （三）国有资产占用情况说明', '截至2024年12月31日，本部门共占有使用车辆2辆。', '截至2024年12月31日，本部门共占有使用车辆3辆。', ('error',), _A()),
    _form('C15', '车辆 辆 before', '# （三）国有资产占用情况说明', '截至2024年12月31日，本部门车辆共2辆。', '截至2024年12月31日，本部门车辆共3辆。', ('error',), _A()),
    _form('C15', '设备 单位价值', '# （三）国有资产占用情况说明', '单位价值100万元以上设备0台（套）。', '单位价值100万元以上设备1台（套）。', ('error',), _A()),
    _form('C15', '设备 单价在', '# （三）国有资产占用情况说明', '单价在100万元以上的设备0台（套）。', '单价在100万元以上的设备1台（套）。', ('error',), _A()),
    _form('C15', '车辆 其中 kinds', '# （三）国有资产占用情况说明', '截至2024年12月31日，共有车辆2辆，其中：应急保障用车2辆。', '截至2024年12月31日，共有车辆2辆，其中：应急保障用车1辆。', ('error',), _A()),
    # round 12: the amount printed before its label ("…万元的X", "…万元用于X", "…万元来自X", "其中…万元为X")
    _form('C2', 'amount before label 来自', '# 二、收入决算情况说明', '2024年度本年收入合计574.83万元，其中574.40万元来自财政拨款，0.43万元来自其他收入。', '2024年度本年收入合计574.83万元，其中574.40万元来自财政拨款，0.53万元来自其他收入。', ('error',)),
    _form('C2', 'amount before label 的', '# 二、收入决算情况说明', '2024年度取得574.40万元的财政拨款收入和0.43万元的其他收入。', '2024年度取得575.40万元的财政拨款收入和0.43万元的其他收入。', ('error',)),
    _form('C3', 'amount before label 用于', '# 三、支出决算情况说明', '支出决算中，510.92万元用于基本支出，21.76万元用于项目支出。', '支出决算中，510.92万元用于基本支出，22.76万元用于项目支出。', ('error',)),
    _form('C3', 'amount before label 为 + 占', '# 三、支出决算情况说明', '本年支出532.68万元，其中510.92万元为基本支出，占95.91%；21.76万元为项目支出，占4.09%。', '本年支出532.68万元，其中510.92万元为基本支出，占95.91%；21.76万元为项目支出，占4.19%。', ('error',)),
    _form('C3', 'amount labelled before keeps it', '# 三、支出决算情况说明', '基本支出510.92万元的主要用途是保障机构运转，项目支出21.76万元用于科研。', '基本支出511.92万元的主要用途是保障机构运转，项目支出21.76万元用于科研。', ('error',)),
]

CASES = [c for pair in FORMS for c in pair] + [
    # "收入总计0.06亿元": a 万元 figure to the cent needs six decimals in 亿元 — a rounding (提示), not an error
    case("C1", "fail", "form: 亿元 rounding is info", lambda: doc(*consistent_tables(), narrative=[
        "# 一、收入支出决算总体情况说明", "2024年度收入总计0.06亿元。"]), [("info", None, None)]),
    # the 决算 printed before its 预算, then what it was spent on: the items are the 决算's (D6)
    case("D6", "pass", "form: items of a 决算 printed before its 预算", lambda: doc(*consistent_tables(), narrative=[
        "# （三）一般公共预算财政拨款支出决算具体情况",
        "科学技术支出决算406.12万元，年初预算390.00万元，完成年初预算的104.13%，用于基本工资133.05万元、津贴补贴273.07万元。"])),
    case("D6", "fail", "form: items of a 决算 printed before its 预算", lambda: doc(*consistent_tables(), narrative=[
        "# （三）一般公共预算财政拨款支出决算具体情况",
        "科学技术支出决算406.12万元，年初预算390.00万元，完成年初预算的104.13%，用于基本工资143.05万元、津贴补贴273.07万元。"]),
         [("error", None, None)]),
    # last year's figure, a forecast: no table of this document prints it (was a false C1 error)
    *[case("C1", "pass", f"form: another period — {text[:14]}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
        "# 一、收入支出决算总体情况说明", t]))(text)) for text in (
        "2023年度收入总计636.01万元，2024年度收入总计606.41万元。",
        "2024年度收入总计606.41万元，上年收入总计636.01万元。",
        "2024年度收入总计由上年的636.01万元减少到606.41万元。",
        "预计2025年收入总计700.00万元。")],
    case("C1", "fail", "form: this year's figure beside last year's", lambda: doc(*consistent_tables(), narrative=[
        "# 一、收入支出决算总体情况说明", "2023年度收入总计636.01万元，2024年度收入总计616.41万元。"]),
         [("error", None, None)]),
    # a 类 printed with its code
    *[case("C5", kind, f"form: 类 with its code {text[:8]}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
        "# （二）一般公共预算财政拨款支出决算结构情况", t]))(text), [("error", None, None)] if kind == "fail" else [])
      for kind, text in (("pass", "科学技术支出（206）406.12万元，占76.26%。"), ("fail", "科学技术支出（206）416.12万元，占76.26%。"),
                         ("pass", "206科学技术支出406.12万元，占76.26%。"), ("fail", "206科学技术支出416.12万元，占76.26%。"))],
    # a 三公 item said to be nil ("无…支出", "未发生…") where the table prints money for it (C8)
    *[case("C8", kind, f"form: 三公 nil — {text[:16]}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
        "# 九、财政拨款“三公”经费支出决算情况说明", t]))(text), [("error", None, None)] if kind == "fail" else [])
      for kind, text in (("pass", "因公出国（境）费支出0万元，与上年相同，主要原因是：本单位无因公出国（境）支出。"),
                         ("pass", "公务用车购置费支出0万元，本单位未发生公务用车购置费用。"),
                         ("pass", "上年无公务接待费支出，本年公务接待费0.81万元。"),
                         ("fail", "公务接待费与上年相同，主要原因是：本单位无公务接待费支出。"),
                         ("fail", "本年度未发生“三公”经费支出。"))],
    case("C1", "fail", "form: 亿元 beyond rounding", lambda: doc(*consistent_tables(), narrative=[
        "# 一、收入支出决算总体情况说明", "2024年度收入总计0.08亿元。"]), [("error", None, None)]),
]

# round 12: projects counted by self-evaluation grade add up to the projects self-evaluated (D6)
_GRADE_HEAD = "# 十、预算绩效管理情况"
CASES += [case("D6", kind, f"form: 自评等级 counts — {name}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
    _GRADE_HEAD, t]))(text), [("error", None, None)] if kind == "fail" else []) for kind, name, text in (
    ("pass", "four grades", "2024年二级项目绩效自评个数4个，涉及资金39万元：4个项目自评等级为“优”，0个项目自评等级为“良”，"
                            "0个项目自评等级为“中”，0个项目自评等级为“差”。"),
    ("fail", "four grades", "2024年二级项目绩效自评个数4个，涉及资金39万元：3个项目自评等级为“优”，0个项目自评等级为“良”，"
                            "0个项目自评等级为“中”，0个项目自评等级为“差”。"),
    ("pass", "评级为…的项目", "绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分（其中，绩效评级为“优”的项目4个；"
                          "绩效评级为“良”的项目0个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。"),
    ("fail", "评级为…的项目", "绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分（其中，绩效评级为“优”的项目3个；"
                          "绩效评级为“良”的项目0个；绩效评级为“合格”的项目0个；绩效评级为“不合格”的项目0个。"),
    ("pass", "one grade named", "2024年二级项目绩效自评个数3个，涉及资金54.98万元：2个项目自评等级为“差”。"),
    ("fail", "one grade above the count", "2024年二级项目绩效自评个数3个，涉及资金54.98万元：4个项目自评等级为“差”。"),
)]


# round 12: the national 基本支出表 prints 人员经费 | 公用经费 as columns beside 合计 (one row per 经济分类 line):
# 人员经费/公用经费 sentences are compared with the columns' printed 合计 (C7)
def _t06_columns(personnel="469.85"):
    from tests.checks.builders import make_table
    rows = [f"\t合计\t510.77\t{personnel}\t40.92", "301\t工资福利支出\t436.62\t436.62\t", "30101\t基本工资\t133.05\t133.05\t",
            "30102\t津贴补贴\t303.57\t303.57\t", "302\t商品和服务支出\t40.92\t\t40.92", "30201\t办公费\t33.80\t\t33.80",
            "30299\t其他商品和服务支出\t7.12\t\t7.12", "303\t对个人和家庭的补助\t33.23\t33.23\t", "30302\t退休费\t33.23\t33.23\t"]
    return make_table("一般公共预算财政拨款基本支出决算表", ["科目代码", "科目名称", "合计", "人员经费", "公用经费"], rows, id="T06",
                      economic=True, column_paths=[("科目编码",), ("科目名称",), ("本年支出", "合计"),
                                                   ("本年支出", "人员经费"), ("本年支出", "公用经费")])


def _column_tables(personnel="469.85"):
    return [t if t.id != "T06" else _t06_columns(personnel) for t in consistent_tables()]


_S6 = "# 六、一般公共预算财政拨款基本支出决算情况说明"
CASES += [
    case("C7", "pass", "form: 人员经费/公用经费 columns", lambda: doc(*_column_tables(), narrative=[
        _S6, "2024年度一般公共预算财政拨款基本支出510.77万元，其中：人员经费469.85万元，公用经费40.92万元。"])),
    case("C7", "fail", "form: 人员经费/公用经费 columns", lambda: doc(*_column_tables(), narrative=[
        _S6, "2024年度一般公共预算财政拨款基本支出510.77万元，其中：人员经费468.85万元，公用经费40.92万元。"]),
         [("error", None, None)]),
    # the column's printed 合计 is what the sentence restates (Σ of its rows, 469.85, is the table's own affair)
    case("C7", "pass", "form: 人员经费 column's printed 合计", lambda: doc(*_column_tables("470.85"), narrative=[
        _S6, "人员经费470.85万元，公用经费40.92万元。"])),
    case("C7", "fail", "form: 人员经费 column's printed 合计", lambda: doc(*_column_tables("470.85"), narrative=[
        _S6, "人员经费469.85万元，公用经费40.92万元。"]), [("error", None, None)]),
]

# round 12: the 公务用车 fleet the 三公 section states is at most the vehicles the 统计表 counts (核实, never equality:
# seed 000 prints 公务用车保有量 0 beside 车辆数合计 1 — a 机要通信用车 not run on 财政拨款)
_S3G = "# 七、财政拨款“三公”经费支出决算情况说明"
CASES += [case("C15", kind, f"form: 公务用车 fleet — {name}", (lambda t, tb: lambda: doc(*tb(), narrative=[_S3G, t]))(text, tables),
               [("warning", None, None)] if kind == "fail" else []) for kind, name, text, tables in (
    ("pass", "保有量 within the 统计表", "公务用车运行维护费0万元，开支财政拨款的公务用车保有量为2辆。", _A),
    ("pass", "保有量 below the 统计表", "使用财政拨款负担的公务用车保有量共0辆。", _A),
    ("fail", "保有量 above the 统计表", "公务用车运行维护费0万元，开支财政拨款的公务用车保有量为3辆。", _A),
    ("pass", "共有公务用车 within", "本部门共有公务用车2辆。", _A),
    ("fail", "共有公务用车 above", "本部门共有公务用车4辆。", _A),
    ("pass", "a purchase is not the fleet", "使用财政拨款共购置公务用车3辆，公务用车保有量为2辆。", _A),
)]
CASES += [
    case("C15", "pass", "form: 公务用车 fleet within the 情况说明's own 车辆", lambda: doc(*consistent_tables(), narrative=[
        _S3G, "开支财政拨款的公务用车保有量为1辆。", "# 十一、国有资产占用情况说明", "截至2024年12月31日，本单位共有车辆1辆。"])),
    case("C15", "fail", "form: 公务用车 fleet within the 情况说明's own 车辆", lambda: doc(*consistent_tables(), narrative=[
        _S3G, "开支财政拨款的公务用车保有量为2辆。", "# 十一、国有资产占用情况说明", "截至2024年12月31日，本单位共有车辆1辆。"]),
         [("warning", None, None)]),
]

# round 12: a project's 完成率 over "全年预算数X万元，实际支出Y万元，预算执行率Z%" (实际支出 is the 决算 of the pair)
CASES += _form('C6', '绩效 项目 实际支出 执行率', '# 十二、预算绩效情况说明',
               '1. 企业人才活动经费项目绩效自评综述：项目全年预算数65万元，实际支出62.75万元，预算执行率96.54%。',
               '1. 企业人才活动经费项目绩效自评综述：项目全年预算数65万元，实际支出62.75万元，预算执行率97.54%。', ('error',))

# the 用于 of an amount whose label follows it names that amount; it opens no listing (was a false D6 error)
CASES += [case("D6", "pass", "form: amount before label 用于 lists nothing", lambda: doc(*consistent_tables(), narrative=[
    "# 三、支出决算情况说明", "本年支出532.68万元，其中21.76万元用于项目支出、基本支出510.92万元、其他支出0万元。"]))]


# a 三公 table that prints the 公务用车保有量 (辆) in a column of its own: the sentence restates that figure
def _t09_fleet(fleet="2"):
    from tests.checks.builders import make_table
    from tests.checks.mini import SANGONG_COLS, SANGONG_PATHS
    cols = SANGONG_COLS * 2 + ["公务用车保有量（辆）"]
    return make_table("财政拨款“三公”经费支出决算表", cols,
                      [["1.38", "0.00", "0.00", "0.00", "0.00", "1.38", "0.81", "0.00", "0.00", "0.00", "0.00", "0.81", fleet]],
                      id="T09", column_paths=SANGONG_PATHS + [("决算数", "公务用车保有量（辆）")])


def _fleet_tables():
    return [t if t.id != "T09" else _t09_fleet() for t in consistent_tables()]


CASES += [
    case("C15", "pass", "form: 保有量 column of the 三公 table", lambda: doc(*_fleet_tables(), narrative=[
        _S3G, "公务用车运行维护费0万元，开支财政拨款的公务用车保有量为2辆。"])),
    case("C15", "fail", "form: 保有量 column of the 三公 table", lambda: doc(*_fleet_tables(), narrative=[
        _S3G, "公务用车运行维护费0万元，开支财政拨款的公务用车保有量为1辆。"]), [("error", None, None)]),
]

# the 人员经费 of one 科目 ("科学技术支出(类)…，其中人员经费X万元") is not the 基本支出表's 人员经费合计 (was a false C7 error)
CASES += [case("C7", kind, "form: 人员经费 of a 类 is not the table's total", (lambda t: lambda: doc(*consistent_tables(), narrative=[
    "# （二）一般公共预算财政拨款支出决算结构情况", "科学技术支出(类)406.12万元，其中人员经费100.00万元，公用经费10.00万元。",
    "# 六、一般公共预算财政拨款基本支出决算情况说明", t]))(text), [("error", None, None)] if kind == "fail" else [])
    for kind, text in (("pass", "人员经费469.85万元，公用经费40.92万元。"), ("fail", "人员经费468.85万元，公用经费40.92万元。"))]


# round 13: the projects whose self-evaluation is printed one by one are no more than the projects said to be
# self-evaluated (核实); the problems rectified and being rectified are no more than those found (D6)
def _listing(count: int, names: tuple[str, ...], funds: str | None = None, cut: bool = False):
    """(round 14: `funds` the 涉及资金, by default Σ the listed 执行数; `cut`: each paragraph cut at "；")"""
    paras = [f"{n + 1}.{name}项目绩效自评综述：项目全年预算数为{10 + n}万元{'；' if cut else '，'}执行数为{9 + n}万元，"
             f"完成预算的{(9 + n) / (10 + n) * 100:.2f}%。" for n, name in enumerate(names)]
    if funds is None:
        funds = f"{sum(9 + n for n in range(len(names))):.2f}"
    items = [x for p in paras for x in ([p.split("；")[0] + "；", p.split("；")[1]] if cut else [p])]
    return lambda: doc(*consistent_tables(), narrative=[
        _GRADE_HEAD, f"我部门组织对2024年度一般公共预算项目支出全面开展绩效自评，共涉及项目{count}个，资金{funds}万元。",
        *items])


_PROJECTS = ("企业人才活动经费", "档案信息化整理尾款", "综合业务")
CASES += [
    case("D6", "pass", "form: projects listed = projects self-evaluated", _listing(3, _PROJECTS)),
    case("D6", "pass", "form: fewer projects listed than self-evaluated", _listing(5, _PROJECTS)),
    case("D6", "fail", "form: more projects listed than self-evaluated", _listing(2, _PROJECTS), [("warning", None, None)]),
    case("D6", "pass", "form: problems found ≥ rectified", lambda: doc(*consistent_tables(), narrative=[
        _GRADE_HEAD, "绩效自评中共发现问题3个，已经完成整改的2个，正在整改的1个。"])),
    case("D6", "fail", "form: problems rectified more than found", lambda: doc(*consistent_tables(), narrative=[
        _GRADE_HEAD, "绩效自评中共发现问题2个，已经完成整改的2个，正在整改的1个。"]), [("error", None, None)]),
]


def _listing_by_fund(count: int, names: tuple[str, ...]):
    """Seed 004's wording: the count after the scope ("…全面开展绩效自评，其中，项目N个"), each other fund's
    count ("组织对2024年度0个政府性基金预算项目开展绩效自评"), each project "XX项目绩效自评情况：…得分为N分。"."""
    paras = [f"{name}项目绩效自评情况：根据年初设定的绩效目标，项目绩效自评得分为90分。项目全年预算数为{10 + n}万元，"
             f"执行数为{10 + n}万元，完成预算的100%。" for n, name in enumerate(names)]
    return lambda: doc(*consistent_tables(), narrative=[
        _GRADE_HEAD, f"根据预算绩效管理要求，本部门组织对2024年度一般公共预算项目支出全面开展绩效自评，其中，项目{count}个，"
                     f"共涉及资金{sum(10 + n for n in range(len(names))):.2f}万元，占一般公共预算项目支出总额的100%。",
        "组织对2024年度0个政府性基金预算项目开展绩效自评，共涉及资金0万元，占政府性基金预算项目支出总额的0%。", *paras])


CASES += [
    case("D6", "pass", "form: projects listed = the funds' counts", _listing_by_fund(3, _PROJECTS)),
    case("D6", "fail", "form: projects listed more than the funds' counts", _listing_by_fund(2, _PROJECTS),
         [("warning", None, None)]),
]


# round 13: the 公务用车购置费 and the vehicles bought, stated in one sentence, are both nil or neither (C15, 核实)
_SANGONG_HEAD = "# 八、财政拨款“三公”经费支出决算情况说明"
CASES += [case("C15", kind, f"form: 购置费 and vehicles bought — {name}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
    _SANGONG_HEAD, t]))(text), [("warning", None, None)] if kind == "fail" else []) for kind, name, text in (
    ("pass", "both nil (seed 000)", "2、公务用车购置支出0万元，使用财政拨款共购置公务用车0辆，主要用于：我单位无公务用车购置支出。"),
    ("pass", "both stated", "公务用车购置支出为25.80万元，购置车辆1台，主要用于更新报废车辆。"),
    ("fail", "vehicles at no cost", "2、公务用车购置支出0万元，使用财政拨款共购置公务用车2辆，主要用于：更新执法车辆。"),
    ("fail", "a cost and no vehicle", "公务用车购置支出为25.80万元，购置车辆0台。"),
)]


# round 13: a 科目 printed with its codes in the 情况说明 ("科学技术支出(206类)科技条件与服务(05款)机构运行(01项)X万元"):
# its amount is that row's of 公开05, its names that row's names (C5) — by code, or in a table of names without codes,
# by name under the name above (tests/checks/test_names_only_narrative.py runs these on names-only tables too)
_GP_HEAD = "# 五、一般公共预算财政拨款支出决算情况说明"
CASES += [case("C5", kind, f"form: 科目 with its codes — {name}", (lambda t: lambda: doc(*consistent_tables(), narrative=[
    _GP_HEAD, t]))(text), [(sev, None, None)] if kind == "fail" else []) for kind, name, text, sev in (
    ("pass", "as the table", "1、科学技术支出(206类)科技条件与服务(05款)机构运行(01项)384.36万元。", ""),
    ("fail", "amount differs", "1、科学技术支出(206类)科技条件与服务(05款)机构运行(01项)385.36万元。", "error"),
    ("fail", "款 named otherwise", "1、科学技术支出(206类)科技条件和服务(05款)机构运行(01项)384.36万元。", "warning"),
    ("pass", "类 alone", "2、社会保障和就业支出(208类)94.32万元。", ""),
)]


# round 13: a PDF's text cut at each "；" gives the Shanghai sentence as several items; the grades counted in the
# items after the count belong to it (D6: every grade of the scale counted → exactly the projects self-evaluated)
def _cut_grades(you: int, liang: int):
    return lambda: doc(*consistent_tables(), narrative=[
        _GRADE_HEAD, "绩效自评的2024年度项目4个，涉及预算金额598.42万元，平均得分99.43分（其中，绩效评级为“优”的项目"
                     f"{you}个；", f"绩效评级为“良”的项目{liang}个；", "绩效评级为“合格”的项目0个；", "绩效评级为“不合格”的项目0个。"])


CASES += [
    case("D6", "pass", "form: grades cut at ；", _cut_grades(4, 0)),
    case("D6", "fail", "form: grades cut at ；, fewer", _cut_grades(3, 0), [("error", None, None)]),
    case("D6", "fail", "form: grades cut at ；, more", _cut_grades(4, 1), [("error", None, None)]),
]


# round 14: a PDF's text cut at each "；" (the reader's sentence end) gives one sentence as several items; a listing
# goes on across the cut (C11's parts, D6's listed figures), and a change after the sentence is the sentence's
# figure, not the last listed one (D3)
def _cut(section: str, *items: str):
    return lambda: doc(*consistent_tables(), narrative=[section, *items])


_PROC = "# （二）政府采购情况说明"
_BASIC = "# 六、一般公共预算财政拨款基本支出决算情况说明"
_DETAIL = "# （三）一般公共预算财政拨款支出决算具体情况"
_SPENT = "科学技术支出年初预算490.91万元，支出决算406.12万元，完成年初预算的82.73%，用于基本工资300.00万元；"
CASES += [
    case("C11", "pass", "form: procurement parts cut at ；", _cut(
        _PROC, "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元；", "政府采购工程支出0万元；",
        "政府采购服务支出0.25万元。")),
    case("C11", "fail", "form: procurement parts cut at ；", _cut(
        _PROC, "2024年度政府采购支出总额1.99万元，其中：政府采购货物支出1.74万元；", "政府采购工程支出0万元；",
        "政府采购服务支出0.35万元。"), [("error", None, None), ("error", None, None)]),
    case("D6", "pass", "form: listing cut at ；", _cut(
        _BASIC, "人员经费469.85万元，主要包括基本工资300.00万元；", "津贴补贴100.00万元；", "奖金60.00万元；",
        "公用经费40.92万元，主要包括办公费33.80万元。")),
    case("D6", "fail", "form: listing cut at ；", _cut(
        _BASIC, "人员经费469.85万元，主要包括基本工资300.00万元；", "津贴补贴100.00万元；", "奖金160.00万元；",
        "公用经费40.92万元，主要包括办公费33.80万元。"), [("error", None, None)]),
    case("D6", "fail", "form: exhaustive listing cut at ；", _cut(
        _BASIC, "人员经费469.85万元，包括基本工资300.00万元；", "津贴补贴100.00万元；", "奖金60.00万元。"),
         [("error", None, None)]),
    case("D3", "pass", "form: change after a sentence cut at ；", _cut(
        _DETAIL, _SPENT, "津贴补贴50.00万元；", "其他支出56.12万元。", "较上年决算减少44.70万元，下降9.92%。")),
    case("D3", "fail", "form: change after a sentence cut at ；", _cut(
        _DETAIL, _SPENT, "津贴补贴50.00万元；", "其他支出56.12万元。", "较上年决算减少44.70万元，下降9.29%。"),
         [("error", None, None)]),
]


# the 预算 and the 决算 of one statement cut apart at "；" ("年初预算为X万元；" / "支出决算为Y万元，完成…"): read as the
# one sentence (C6's rate, D1's project named at the sentence's start)
_PERF = "# （四）预算绩效情况说明"
CASES += [
    case("C6", "pass", "form: 预算 and 决算 cut at ；", _cut(
        _DETAIL, "科学技术支出年初预算490.91万元；", "支出决算406.12万元，完成年初预算的82.73%。")),
    case("C6", "fail", "form: 预算 and 决算 cut at ；", _cut(
        _DETAIL, "科学技术支出年初预算490.91万元；", "支出决算406.12万元，完成年初预算的83.73%。"), [("error", None, None)]),
    case("D1", "pass", "form: project's 执行数 cut at ；", _cut(
        _PERF, "项目支出主要用于企业人才活动经费62.75万元，主要成效包括举办人才活动。",
        "1.企业人才活动经费项目绩效自评综述：项目全年预算数为65万元；", "执行数为62.75万元，完成预算的96.54%。")),
    case("D1", "fail", "form: project's 执行数 cut at ；", _cut(
        _PERF, "项目支出主要用于企业人才活动经费62.74万元，主要成效包括举办人才活动。",
        "1.企业人才活动经费项目绩效自评综述：项目全年预算数为65万元；", "执行数为62.75万元，完成预算的96.54%。"),
         [("error", None, None)]),
]


# round 14: the 决算's difference from its 预算 as provinces state it (C6 and C8: the figure is the two printed ones'
# difference, its word their sign), a 完成率 "为预算的"/"占年初预算数的" read as a rate, a change's rate printed before it
# (D3), 三公 lines named 因公出国（境）费用 / 公务用车购置及运行维护费
_S3 = "# 九、财政拨款“三公”经费支出决算情况说明"
_D5 = "# （三）一般公共预算财政拨款支出决算具体情况"
_I1 = "# 一、收入支出决算总体情况说明"
_SCI = "科学技术支出年初预算490.91万元，支出决算406.12万元，"
CASES += [c for pair in [
    _form('C6', 'C6 较年初预算减少', _D5, _SCI + '较年初预算减少84.79万元，完成年初预算的82.73%。',
          _SCI + '较年初预算减少85.79万元，完成年初预算的82.73%。', ('error',)),
    _form('C6', 'C6 较年初预算 direction', _D5, _SCI + '较年初预算减少84.79万元。', _SCI + '较年初预算增加84.79万元。', ('error',)),
    _form('C6', 'C6 决算数比年初预算数少', _D5, _SCI + '决算数比年初预算数少84.79万元。', _SCI + '决算数比年初预算数少48.79万元。',
          ('error',)),
    _form('C6', 'C6 决算数小于年初预算数X万元', _D5, _SCI + '决算数小于年初预算数84.79万元。',
          _SCI + '决算数小于年初预算数80.79万元。', ('error',)),
    _form('C6', 'C6 与年初预算持平', _D5, '科学技术支出年初预算406.12万元，支出决算406.12万元，与年初预算持平。',
          _SCI + '与年初预算持平。', ('error',)),
    _form('C8', 'C8 三公 为预算的', _S3, '“三公”经费财政拨款支出决算0.81万元，为预算的58.70%。',
          '“三公”经费财政拨款支出决算0.81万元，为预算的57.70%。', ('error',)),
    _form('C8', 'C8 三公 较年初预算 (table)', _S3, '“三公”经费财政拨款支出决算0.81万元，较年初预算减少0.57万元。',
          '“三公”经费财政拨款支出决算0.81万元，较年初预算减少0.67万元。', ('warning',)),
    _form('C8', 'C8 三公 较全年预算 (printed)', _S3, '“三公”经费财政拨款支出全年预算1.38万元，支出决算0.81万元，较全年预算减少0.57万元。',
          '“三公”经费财政拨款支出全年预算1.38万元，支出决算0.81万元，较全年预算减少0.75万元。', ('error',)),
    _form('C8', 'C8 因公出国（境）费用', _S3, '因公出国（境）费用支出决算为0万元。', '因公出国（境）费用支出决算为0.50万元。', ('error',)),
    _form('C8', 'C8 公务用车购置及运行维护费', _S3, '公务用车购置及运行维护费支出决算为0.00万元。',
          '公务用车购置及运行维护费支出决算为0.30万元。', ('error',)),
    _form('D3', '同比增长 before its change', _I1, '2024年度收入总计606.41万元，同比增长1.68%，增加10.00万元。',
          '2024年度收入总计606.41万元，同比增长1.86%，增加10.00万元。', ('error',)),
    _form('D3', '下降 before its change, direction', _I1, '2024年度收入总计606.41万元，比上年下降1.62%，减少10.00万元。',
          '2024年度收入总计606.41万元，比上年增长1.62%，减少10.00万元。', ('error',)),
] for c in pair]


# round 14: the funds the self-evaluated projects involve are Σ the listed projects' 预算数 or 执行数, where the
# listing is complete (as many listed as counted) — else 核实 (D6)
CASES += [
    case("D6", "pass", "form: 涉及资金 = Σ listed 执行数", _listing(3, _PROJECTS)),
    case("D6", "pass", "form: 涉及资金 = Σ listed 预算数", _listing(3, _PROJECTS, "33.00")),
    case("D6", "fail", "form: 涉及资金 ≠ Σ listed 预算数 / 执行数", _listing(3, _PROJECTS, "40.00"), [("warning", None, None)]),
    case("D6", "pass", "form: 涉及资金, listing a part only", _listing(5, _PROJECTS, "40.00")),
    case("D6", "pass", "form: 涉及资金, projects cut at ；", _listing(3, _PROJECTS, cut=True)),
    case("D6", "fail", "form: 涉及资金, projects cut at ；", _listing(3, _PROJECTS, "36.00", cut=True),
         [("warning", None, None)]),
]


# vehicles by kind listed with "；" (the reader's cut): still counted against the total (D6)
_ASSETS = "# （三）国有资产占用情况说明"
CASES += [
    case("D6", "pass", "form: vehicles by kind cut at ；", _cut(
        _ASSETS, "截至2024年12月31日，本部门共有车辆66辆，其中：一般公务用车13辆；", "执法执勤用车38辆；", "特种专业技术用车15辆。")),
    case("D6", "fail", "form: vehicles by kind cut at ；", _cut(
        _ASSETS, "截至2024年12月31日，本部门共有车辆66辆，其中：一般公务用车13辆；", "执法执勤用车38辆；", "特种专业技术用车16辆。"),
         [("error", None, None)]),
]
