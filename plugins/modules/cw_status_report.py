#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# The work is done by the action plugin of the same name, on the controller; this file documents it.

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: cw_status_report
short_description: Write the setup report of many tenants as JSON, Markdown and HTML
version_added: 0.1.0
author: msp.connectwise_psa maintainers (@msp-connectwise-psa)
description:
  - Builds the report of a play from each tenant's status (P(msp.connectwise_psa.tenant_status#filter) filter), writes
    C(<name>.json), C(<name>.md) and C(<name>.html) on the controller in one task, hands the report to AWX or
    ansible-runner as a job artifact (like M(ansible.builtin.set_stats)) and prints the full path of every file
    and the number of tenants in each state.
  - The HTML page works from a 360 px phone to a desktop and prints on paper; each tenant has a checklist
    of its steps in the PSA web UI. C(docs/report.schema.json) in the collection documents the JSON.
  - Runs on the controller only, in the controller process; nothing is sent to a PSA.
options:
  statuses:
    description:
      - Pairs C([tenant, status]); the status is what P(msp.connectwise_psa.tenant_status#filter) returned, or
        null for a tenant that failed before recording one.
      - For a tenant that runs several integrations the status is a list, one status per integration, each made with
        the filter's C(integration) (and C(preset)); the report is then a grid, tenant by integration (complete,
        pending with its step count, failed), then one section per integration of each tenant, and the JSON has
        C(layout=integrations). A status in it without C(integration) is the tenant's own error when it has one
        (the tenant failed before any integration ran), else the integration named O(role_name) (or C(acct_sync)).
      - One status per tenant, none naming an integration, is the report of one integration, as before.
      - One of O(statuses) and O(job_reports) is required.
    type: list
    elements: raw
  job_reports:
    description:
      - Merge mode, for a workflow node after a sliced job (or several jobs) - the name of the reports to merge,
        for example C(acct_sync_report); every variable of the play named C(<job_reports>_job_<id>), the artifacts
        that AWX passes on to the next workflow node as extra variables, is one job's report.
      - They are read as data, never templated (they quote what the PSA answered).
      - A tenant in more than one report keeps the newest status (by C(generated)), with a warning.
      - The reports are all of one integration or all tenant by integration; a mix fails, naming the two kinds.
      - The check mode flag, role name and member come from the reports; O(audit), O(role_name) and O(member)
        are not used.
    type: str
  dest:
    description:
      - The folder for the three files; created (mode 0750) if missing.
      - Default C(acct_sync_report) under the job's artifact folder when ansible-runner or AWX runs the job
        (the environment variable E(AWX_ISOLATED_DATA_DIR)), else under the folder C(ansible-playbook) was
        started from.
    type: path
  name:
    description: The file name of the report, without extension.
    type: str
    default: acct_sync_report
  role_name:
    description:
      - The security role's name, for the title of a report of one integration.
      - In a grid, the name of the integration of a status that names none.
    type: str
  member:
    description: The API member's identifier, for the title of a report of one integration.
    type: str
  audit:
    description: Say in the report that the run was an audit in check mode (nothing changed).
    type: bool
    default: false
  stats_key:
    description:
      - The name of the job artifact (custom stat) that carries the whole report.
      - With O(job_id), the whole report goes to C(<stats_key>_job_<job_id>) instead, and C(<stats_key>)
        carries its summary (job_id, totals, report_key); so the artifacts of sliced jobs, which AWX merges
        with a shallow update, keep every slice's report.
    type: str
    default: acct_sync_report
  job_id:
    description:
      - The AWX or AAP job id, C(awx_job_id); unique per slice of a sliced job. See O(stats_key).
    type: str
extends_documentation_fragment:
  - msp.connectwise_psa._attributes.action_only
  - msp.connectwise_psa._attributes
  - ansible.builtin.action_common_attributes.flow
attributes:
  bypass_host_loop:
    support: none
    details: Give it C(run_once) to write the report once for the play.
  check_mode:
    support: none
    details:
      - Writing the report is not something check mode can predict, so in check mode the task is skipped.
      - 'To write the report of an audit (a run with C(--check)), give the task C(check_mode: false), as the
        role C(msp.connectwise_psa.acct_sync) does; O(audit) then says in the report that nothing was changed.'
  diff_mode:
    support: none
  idempotent:
    support: partial
    details: It never reports C(changed), but writes the files again on every run (with the time they were made).
  platform:
    details: Runs on the Ansible controller, in the controller process; nothing is sent to a PSA.
notes:
  - Run it once per play (C(run_once)); it never reports C(changed).
seealso:
  - module: ansible.builtin.set_stats
'''

EXAMPLES = r'''
- name: Write the report of every tenant of the play
  msp.connectwise_psa.cw_status_report:
    statuses: >-
      {{ ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
         | map(attribute='acct_sync_status', default=none)) }}
    role_name: Acct Sync API
    member: Acct Sync API
    job_id: "{{ awx_job_id | default(omit) }}"
  run_once: true

# Several integrations per tenant: each host's 'integration_statuses' is a list, one tenant_status per integration
# (made with integration=...), and the report is a grid, tenant by integration.
- name: Write the report of every integration
  msp.connectwise_psa.cw_status_report:
    statuses: >-
      {{ ansible_play_hosts_all | zip(ansible_play_hosts_all | map('extract', hostvars)
         | map(attribute='integration_statuses', default=none)) }}
    name: integrations_report
  run_once: true

# A workflow node after a sliced setup job (on "always"): AWX passes every slice's artifact as a variable.
- name: Write one report for all the slices
  msp.connectwise_psa.cw_status_report:
    job_reports: acct_sync_report
  run_once: true
  # Also in a run with --check: the report of an audit is the audit's product.
  check_mode: false
'''

RETURN = r'''
files:
  description: The full path of each file written, by format.
  returned: success
  type: dict
  sample: {"html": "/home/me/acct_sync_report/acct_sync_report.html", "md": "/home/me/acct_sync_report/acct_sync_report.md",
           "json": "/home/me/acct_sync_report/acct_sync_report.json"}
totals:
  description:
    - Tenants, complete, pending, failed, role_compliant, key_verified and pending_steps counts.
    - In a grid, tenants, complete, pending and failed count tenants (complete when every integration is), the
      others every tenant's integrations; C(integrations) is the number of integrations.
  returned: success
  type: dict
  sample: {"tenants": 3, "complete": 1, "pending": 2, "failed": 0, "role_compliant": 1, "key_verified": 1, "pending_steps": 36}
msg:
  description: The lines printed at the end of the task, one per file and one per state; in a grid, then one per integration.
  returned: success
  type: str
'''
