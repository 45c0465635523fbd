"""Loopback throughput of the simulator: python -m tests.simulator.throughput [N]

GETs of /system/securityroles (3 records) with keep-alive requests.Sessions, HTTP and
HTTPS, sequential and with 8 threads (each thread its own Session). Prints requests/second.
"""
import sys
import threading
import time

import requests

from .server import Simulator


def _session(sim):
    s = requests.Session()
    s.trust_env = False  # REQUESTS_CA_BUNDLE would override Session.verify
    s.headers.update(sim.headers("acme"))
    return s


def _run(sim, n, threads):
    url = sim.api_url("acme", "/system/securityroles")
    verify = sim.ca_path or True
    per = n // threads
    failures = []

    def worker():
        s = _session(sim)
        s.get(url, verify=verify)  # connect (and TLS handshake) outside the timing
        barrier.wait()
        for _request in range(per):
            if s.get(url, verify=verify).status_code != 200:
                failures.append(1)

    barrier = threading.Barrier(threads + 1)
    pool = [threading.Thread(target=worker) for _thread in range(threads)]
    for t in pool:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in pool:
        t.join()
    elapsed = time.perf_counter() - t0
    assert not failures
    return per * threads / elapsed


def main(argv=None):
    n = int((argv or sys.argv[1:] or ["2000"])[0])
    for scheme in ("http", "https"):
        with Simulator(tenants=["acme"], scheme=scheme) as sim:
            for threads in (1, 8):
                rps = _run(sim, n, threads)
                print(f"{scheme:5} threads={threads}: {rps:7.0f} requests/s ({n} GETs)")


if __name__ == "__main__":
    main()
