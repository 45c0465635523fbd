"""pytest fixtures for suites that talk to the simulator.

tests/conftest.py belongs to the collection; to use these, import them in a test module
(``from tests.simulator.pytest_fixtures import psa_sim, psa_client  # noqa: F401``) or list
``tests.simulator.pytest_fixtures`` in ``pytest_plugins`` of a conftest.
"""
import os

import pytest
import requests

from . import snapshot
from .server import Simulator

TENANTS = ("acme", "globex")


class Client:
    """Thin requests wrapper that talks to one tenant as one key pair (admin by default).

    trust_env is off and verify is passed per request on purpose: with REQUESTS_CA_BUNDLE
    set in the environment, requests ignores Session.verify.
    """

    def __init__(self, sim, tenant, public_key=None, private_key=None, client_id=None):
        self.sim, self.tenant = sim, tenant
        self.session = requests.Session()
        self.session.trust_env = False
        self.session.headers.update(sim.headers(tenant, public_key, private_key, client_id))
        self.verify = sim.ca_path if sim.scheme == "https" else True

    def url(self, path):
        return self.sim.api_url(self.tenant, path)

    def request(self, method, path, **kw):
        kw.setdefault("verify", self.verify)
        kw.setdefault("timeout", 10)
        target = path if path.startswith("http") else self.url(path)
        return self.session.request(method, target, **kw)

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def close(self):
        self.session.close()


@pytest.fixture
def psa_sim():
    """Fresh plain-HTTP simulator (tenants acme, globex) per test: state never leaks."""
    with Simulator(tenants=TENANTS, scheme="http") as sim:
        yield sim


@pytest.fixture
def psa_sim_https():
    with Simulator(tenants=TENANTS, scheme="https") as sim:
        yield sim


@pytest.fixture
def psa_client(psa_sim):
    client = Client(psa_sim, "acme")
    yield client
    client.close()


@pytest.fixture
def psa_sim_from_snapshot():
    """Start simulators that replay tenant snapshots (see snapshot.py), stopped after the test:
    ``sim = psa_sim_from_snapshot({"bug123": "bug123.snapshot.json"})`` (a path or a loaded document)."""
    started = []

    def start(snapshots, scheme="https", tenants=()):
        documents = {name: snapshot.load(os.fspath(doc)) if isinstance(doc, (str, os.PathLike)) else snapshot.check(doc)
                     for name, doc in snapshots.items()}
        sim = Simulator(tenants=tenants, scheme=scheme, snapshots=documents).start()
        started.append(sim)
        return sim

    yield start
    for sim in started:
        sim.stop()
