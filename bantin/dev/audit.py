"""``invoke audit``: run ../shared/tools/audit-site on the demo site and compare with the budgets.

The audit tool serves the built folder on 127.0.0.1 and runs Lighthouse (mobile),
axe, the Nu HTML checker and a link checker in Debian's Chromium.
"""
import json
import os
import shutil
import subprocess
import sys

from bantin.core.errors import UserError

PAGES = ["index.html", "huong-dan-gui-anh-cho-trang-thong-tin-dien-tu-cua-phuong.html",
         "chuyen-muc/hoat-dong-khoi-chinh-quyen.html", "tim-kiem/index.html",
         # the sections the law asks for: registry, a document, a week of the schedule
         # (a dated page: the index follows the day of the build), procedures, English
         "van-ban/index.html", "van-ban/15-qd-ubnd.html", "lich-cong-tac/2026-11-30.html",
         "thu-tuc-hanh-chinh/index.html", "en/about.html"]
TOOLS = ["lighthouse@12.8.2", "axe-core@4.14.1", "vnu-jar@26.9.27", "linkinator@7.6.1"]
BUDGETS = [  # (label, how to read it from the report, test, budget text)
    ("Lighthouse performance (median)", lambda p: p["perf"], lambda v: v >= 98, "≥ 98"),
    ("Lighthouse accessibility", lambda p: p["a11y"], lambda v: v == 100, "100"),
    ("Lighthouse best practices", lambda p: p["best_practices"], lambda v: v == 100, "100"),
    ("Lighthouse SEO", lambda p: p["seo"], lambda v: v == 100, "100"),
    ("CLS", lambda p: p["cls"], lambda v: v == 0, "0"),
    ("font bytes", lambda p: p["font_bytes"], lambda v: v == 0, "0"),
]


def install_tools(folder):
    """npm-install the audit tools into ``folder`` (once)."""
    if os.path.exists(os.path.join(folder, "node_modules", "lighthouse")):
        return
    subprocess.run(["npm", "install", "--prefix", folder, "--no-audit", "--no-fund", *TOOLS],
                   check=True)


def run(site, tool, tools_dir, runs=3):
    """Audit ``site``; print the figures against the budgets; return True when all hold."""
    install_tools(tools_dir)
    result = subprocess.run([sys.executable, tool, site, *PAGES, "--runs", str(runs),
                             "--tools", tools_dir], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        raise UserError(f"audit-site failed with exit code {result.returncode}")
    report = json.loads(result.stdout)
    ok = True
    print(f"{'budget':36} {'page':52} {'value':>8} {'target':>8}")
    for label, read, good, target in BUDGETS:
        for page, figures in report["pages"].items():
            value = read(figures)
            ok &= good(value)
            mark = "" if good(value) else "  ← over budget"
            print(f"{label:36} {page[:52]:52} {value!s:>8} {target:>8}{mark}")
    rows = [
        ("axe violations (incl. target-size)", report["axe"]["total_rule_violations"], 0),
        ("Nu HTML checker errors", report["vnu"]["errors"], 0),
        ("broken internal links", report["links"]["broken_internal"], 0),
        ("first view of an article, gzip bytes", report["first_view"]["total_gz"], 14 * 1024),
    ]
    for label, value, limit in rows:
        ok &= value <= limit
        print(f"{label:36} {'(site)':52} {value:>8} {'≤ ' + str(limit):>8}"
              f"{'' if value <= limit else '  ← over budget'}")
    print(f"\nHTML files checked: {report['vnu']['html_files']}; links checked: "
          f"{report['links']['checked']}; Lighthouse runs per page: {runs}")
    return ok


def default_tools_dir():
    return os.environ.get("AUDIT_TOOLS") or os.path.join(os.getcwd(), "cache", "audit-tools")


def available():
    return all(shutil.which(x) for x in ("node", "npm", "java"))
