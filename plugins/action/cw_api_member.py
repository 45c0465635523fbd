# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs msp.connectwise_psa.cw_api_member in the controller process (see plugin_utils/_in_process.py)."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_member import ARGUMENT_SPEC, ensure
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._in_process import InProcessAction


class ActionModule(InProcessAction):
    logic = staticmethod(ensure)
    module_spec = ARGUMENT_SPEC
