"""Reads the JSON lines of run_wrk (one per repetition) on stdin; prints a Markdown table per setting:
median and spread (min-max) of req/s, p50 and p99, and ratios to nginx."""
import json
import statistics
import sys
from collections import OrderedDict


def fmt_us(v):
    return "-" if v is None else (f"{v / 1000:.2f} ms" if v >= 1000 else f"{v:.0f} µs")


def spread(values, fmt):
    values = [v for v in values if v is not None]
    if not values:
        return "-", "-"
    return fmt(statistics.median(values)), f"{fmt(min(values))}–{fmt(max(values))}"


def main():
    rows = OrderedDict()
    for line in sys.stdin:
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        setting, target = r["label"].split("/", 1)
        rows.setdefault(setting, OrderedDict()).setdefault((r["conns"], target), []).append(r)
    for setting, groups in rows.items():
        print(f"\n#### {setting}\n")
        print("| conns | target | req/s median | req/s min–max | p50 median | p50 min–max | p99 median | p99 min–max "
              "| req/s vs nginx | p99 vs nginx | p50 added over direct | errors |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|")
        med = {}
        for (conns, target), reps in groups.items():
            med[(conns, target)] = {k: statistics.median([r[k] for r in reps if r.get(k) is not None] or [0])
                                    for k in ("rps", "p50_us", "p99_us")}
        for (conns, target), reps in groups.items():
            rps_med, rps_spread = spread([r["rps"] for r in reps], lambda v: f"{v:,.0f}")
            p50_med, p50_spread = spread([r["p50_us"] for r in reps], fmt_us)
            p99_med, p99_spread = spread([r["p99_us"] for r in reps], fmt_us)
            nginx = med.get((conns, "nginx"))
            direct = med.get((conns, "direct"))
            mine = med[(conns, target)]
            ratio = f"{mine['rps'] / nginx['rps']:.2f}×" if nginx and nginx["rps"] else "-"
            p99_ratio = f"{mine['p99_us'] / nginx['p99_us']:.2f}×" if nginx and nginx["p99_us"] else "-"
            added = f"{mine['p50_us'] - direct['p50_us']:+.0f} µs" if direct and target != "direct" else "-"
            errors = sum(r["non2xx"] + r["connect"] + r["read"] + r["write"] + r["timeout"] for r in reps)
            print(f"| {conns} | {target} | {rps_med} | {rps_spread} | {p50_med} | {p50_spread} | {p99_med} | {p99_spread} "
                  f"| {ratio} | {p99_ratio} | {added} | {errors} |")


main()
