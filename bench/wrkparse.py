"""Reads wrk --latency output on stdin, prints one JSON line: req/s, p50/p99 (µs), requests, errors."""
import json
import re
import sys

UNITS = {"us": 1.0, "ms": 1000.0, "s": 1_000_000.0, "m": 60_000_000.0}


def micros(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def main():
    label, conns = sys.argv[1], int(sys.argv[2])
    text = sys.stdin.read()
    result = {"label": label, "conns": conns, "rps": None, "p50_us": None, "p99_us": None,
              "requests": 0, "non2xx": 0, "connect": 0, "read": 0, "write": 0, "timeout": 0}
    for line in text.splitlines():
        line = line.strip()
        if m := re.match(r"Requests/sec:\s+([\d.]+)", line):
            result["rps"] = float(m.group(1))
        elif m := re.match(r"(50|99)%\s+(\S+)", line):
            result["p%s_us" % m.group(1)] = micros(m.group(2))
        elif m := re.match(r"(\d+) requests in", line):
            result["requests"] = int(m.group(1))
        elif m := re.match(r"Non-2xx or 3xx responses:\s+(\d+)", line):
            result["non2xx"] = int(m.group(1))
        elif m := re.match(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", line):
            for key, value in zip(("connect", "read", "write", "timeout"), m.groups()):
                result[key] = int(value)
    if result["rps"] is None:
        result["error"] = text.strip().splitlines()[-1] if text.strip() else "no output from wrk"
    print(json.dumps(result))


main()
