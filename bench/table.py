"""Reads the JSON lines of run_wrk (one per repetition) on stdin; prints a Markdown table per setting:
median and spread (min-max) of req/s, p50 and p99, and ratios to nginx; then the same comparison made
within each repetition (the k-th run of a proxy against the k-th run of nginx, which ran next to it),
so that load that comes and goes between repetitions does not decide it."""
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
        paired(setting, groups)


def paired(setting, groups):
    """Each proxy against nginx repetition by repetition: ratios and differences, and in how many it met nginx."""
    lines = []
    for (conns, target), reps in groups.items():
        nginx = groups.get((conns, "nginx"))
        if target in ("nginx", "direct") or not nginx:
            continue
        # A repetition in which wrk failed (no figures) on either side is left out of the comparison.
        pairs = [(r, n) for r, n in zip(reps, nginx) if all(x.get(k) for x in (r, n) for k in ("rps", "p50_us", "p99_us"))]
        if not pairs:
            continue
        rps = [r["rps"] / n["rps"] for r, n in pairs]
        p99 = [r["p99_us"] / n["p99_us"] for r, n in pairs]
        p50 = [r["p50_us"] - n["p50_us"] for r, n in pairs]
        count = len(pairs)
        lines.append(f"| {conns} | {target} | {statistics.median(rps):.2f}× ({min(rps):.2f}–{max(rps):.2f}) "
                     f"| {sum(v >= 1 for v in rps)} of {count} "
                     f"| {statistics.median(p99):.2f}× ({min(p99):.2f}–{max(p99):.2f}) | {sum(v <= 1 for v in p99)} of {count} "
                     f"| {statistics.median(p50):+.0f} µs ({min(p50):+.0f}–{max(p50):+.0f}) | {sum(v <= 0 for v in p50)} of {count} |")
    if lines:
        print(f"\n#### {setting}, against nginx within each repetition\n")
        print("| conns | target | req/s ÷ nginx's, median (min–max) | at least nginx's | p99 ÷ nginx's, median (min–max) "
              "| no worse than nginx's | p50 minus nginx's, median (min–max) | no more than nginx's |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(lines))


main()
