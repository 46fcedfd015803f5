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
