"""Creates N projects (each with test and live) through the REST API, in parallel, within a deadline.
Usage: fill.py API_URL TOKEN REPO_URL PREFIX COUNT THREADS DEADLINE_SECONDS. Prints created count and seconds."""
import http.client
import json
import sys
import threading
import time
import urllib.parse


def main():
    api, token, repo, prefix = sys.argv[1:5]
    count, threads, deadline_s = int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7])
    url = urllib.parse.urlparse(api)
    started = time.monotonic()
    deadline = started + deadline_s
    next_index = [0]
    created = [0]
    failures = []
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        while time.monotonic() < deadline:
            with lock:
                i = next_index[0]
                if i >= count or len(failures) > 10:
                    return
                next_index[0] += 1
            body = json.dumps({"name": f"{prefix}{i}", "repo": repo})
            conn.request("POST", url.path + "/projects", body,
                         {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            answer = conn.getresponse()
            text = answer.read()
            with lock:
                if answer.status == 201:
                    created[0] += 1
                else:
                    failures.append(f"{answer.status} {text[:200]!r}")

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    for f in failures[:5]:
        print("failure:", f, file=sys.stderr)
    print(created[0], f"{time.monotonic() - started:.1f}")
    sys.exit(0 if created[0] == count else 1)


main()
