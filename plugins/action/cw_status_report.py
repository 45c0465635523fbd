# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""msp.connectwise_psa.cw_status_report: the play's report in one in-process task.

Builds the report, writes JSON, Markdown and HTML on the controller, hands the report to
AWX / ansible-runner (ansible_stats, as set_stats does) and prints where the files are.
The logic is in plugin_utils/_report.py; the documentation in modules/cw_status_report.py.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible.utils.display import Display

from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report_merge as report_merge
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._action_module import ActionModuleBase

display = Display()

ARGUMENT_SPEC = dict(
    statuses=dict(type='list', elements='raw'),
    job_reports=dict(type='str'),
    dest=dict(type='path'),
    name=dict(type='str', default='acct_sync_report'),
    role_name=dict(type='str'),
    member=dict(type='str'),
    audit=dict(type='bool', default=False),
    stats_key=dict(type='str', default='acct_sync_report'),
    job_id=dict(type='str'),
)


class ActionModule(ActionModuleBase):
    # Writing files is not a prediction: in check mode the task is skipped unless it says
    # check_mode: false, as the role's report task does (an audit's report is its product).
    _supports_check_mode = False
    argument_spec = ARGUMENT_SPEC
    argument_rules = dict(mutually_exclusive=[('statuses', 'job_reports')], required_one_of=[('statuses', 'job_reports')])

    def run_module(self, module, task_vars):
        args = module.params
        if args['job_reports'] is not None:
            report = self._merged(module, args['job_reports'], task_vars)
        else:
            report = reports.build(self._pairs(module, args['statuses']), role_name=args['role_name'],
                                   member=args['member'], check_mode=args['audit'])
        directory = args['dest'] or reports.default_dir()
        try:
            paths = reports.write(report, directory, args['name'])
        except (IOError, OSError) as exc:
            module.fail_json(msg='cannot write the report in %s: %s; set cw_psa_report_dir (or dest) to a '
                             'folder this run can write' % (directory, exc.strerror or exc))
        lines = reports.summary_lines(report, paths)
        for line in lines:     # printed before the task's ok line: the run's closing lines before the recap
            display.display(line)
        module.exit_json(changed=False, files=paths, totals=report['totals'], msg='\n'.join(lines),
                         ansible_stats={'data': report_merge.stats(report, args['stats_key'], args['job_id']),
                                        'per_host': False, 'aggregate': True})

    @staticmethod
    def _pairs(module, statuses):
        pairs = []
        for entry in statuses:
            if not isinstance(entry, (list, tuple)) or len(entry) != 2:
                module.fail_json(msg='statuses: each entry must be a pair [tenant, status or null], got %r' % (entry,))
            pairs.append((entry[0], entry[1]))
        return pairs

    @staticmethod
    def _merged(module, name, task_vars):
        # Read straight from the play's variables, never through a template: the reports quote what
        # the PSA answered, and AWX passes them as extra vars, which Ansible would otherwise template.
        keys = report_merge.job_keys(name, task_vars)
        if not keys:
            module.fail_json(msg='job_reports: no job report to merge (no variable %s<id>); run this as a workflow '
                             'node after the setup or audit job (on "always"), so AWX passes the artifacts of '
                             'every slice' % report_merge.job_key(name, ''))
        try:
            report, duplicated = report_merge.merge([report_merge.as_data(task_vars[key]) for key in keys])
        except (report_merge.MergeError, TypeError, ValueError) as exc:
            module.fail_json(msg='job_reports: %s' % exc)
        if duplicated:
            module.warn('job_reports: %d tenant(s) in more than one job report, the newest kept: %s'
                        % (len(duplicated), ', '.join(str(tenant) for tenant in duplicated)))
        return report
