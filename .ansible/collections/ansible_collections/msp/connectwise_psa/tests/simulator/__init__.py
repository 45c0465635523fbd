"""ConnectWise PSA test server (simulator) for the msp.connectwise_psa collection's tests.

    from tests.simulator import Simulator
    with Simulator(tenants=["acme", "globex"]) as sim:
        requests.get(sim.api_url("acme", "/system/securityroles"), headers=sim.headers("acme"),
                     verify=sim.ca_path)

See README.md in this folder.
"""
from .server import DEFAULT_CLIENT_ID, Simulator, TenantInfo  # noqa: F401
from .state import Fault, Operator, SimError  # noqa: F401

__all__ = ["Simulator", "TenantInfo", "Operator", "Fault", "SimError", "DEFAULT_CLIENT_ID"]
