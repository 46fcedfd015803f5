"""Write ``docs/rules.md`` from the registry: ``python -m yusuan.audit.docs [PATH]``."""

from __future__ import annotations

import sys
from pathlib import Path

from yusuan.audit.core import FAMILIES
from yusuan.audit.registry import all_rules


def rules_markdown() -> str:
    rules = all_rules()
    out = [
        "# 审核规则",
        "",
        "由 `python -m yusuan.audit.docs` 根据规则注册表生成，请勿手工编辑。",
        f"共 {len(rules)} 条规则。",
        "",
        "## 用法",
        "",
        "```",
        "yusuan audit 预算文件.yaml | 公开文件.pdf | 公开文件.txt | 公开文件.xlsx"
        " [--format text|json|html]",
        "```",
        "",
        "- 退出码：有错误为 1，没有错误为 0，文件无法读取为 2（一行中文说明）。",
        "- 每条规则对每份文件的结果是：通过、未通过、不适用、未运行。"
        "无法运行的规则（缺表、表格格式与标准不同、文件未陈述该数字）记为“未运行”并写明原因，"
        "不算作通过。",
        "- `--format json` 输出对象 `{document, summary, findings}`；每条发现含 `rule`、"
        "`severity`（error/warning/info）、`message`、`location`"
        "（`part`、`table`、`row`、`column`、`line`）、`expected`、`actual`。",
        "- 金额合计精确到分；占比、增减率按两位小数四舍五入比较；"
        "增减率 = 增减额 ÷（本年数 − 增减额）。",
        "- 表间勾稽、表内运算的恒等式见 `src/yusuan/audit/identities.yaml`，"
        "文字与表格的对应位置见 `src/yusuan/audit/prose.yaml`。",
        "",
    ]
    for family, label in FAMILIES.items():
        chosen = [r for r in rules if r.family == family]
        out += [f"## {label}（`{family}`，{len(chosen)} 条）", ""]
        out += ["| 规则 | 级别 | 名称 | 检查什么 |", "|---|---|---|---|"]
        for r in chosen:
            doc = " ".join(r.doc.split()).replace("|", "\\|")
            title = r.title.replace("|", "\\|")
            out.append(f"| {r.id} | {r.severity.label} | {title} | {doc} |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/rules.md")
    path.write_text(rules_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
