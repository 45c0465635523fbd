# -*- coding: utf-8 -*-
# Copyright (c) 2026, msp.connectwise_psa contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

# FOR INTERNAL COLLECTION USE ONLY
# The interfaces in this file are meant for use within the msp.connectwise_psa collection
# and may not remain stable to outside uses. Changes may be made in ANY release, even a bugfix release.
# See also: https://github.com/ansible/community/issues/539#issuecomment-780839686
# Please open an issue if you have questions about this.

"""The findings of the API-member posture audit: what each means, its severity, its web UI step.

Every finding is ``{id, severity, member, role, message, step}``; ``member`` is the API
member's identifier (None for an integration that has no member). A member carries each
finding at most once; "every level All" already says what "escalation" would, so a role
with every level All is not reported for escalation as well.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.module_utils._permissions import function_step

SEVERITIES = ('critical', 'high', 'medium', 'low')

# id -> (severity, what it means); the order is the order of the report.
FINDINGS = (
    ('admin_role', 'critical', 'the role has the admin flag'),
    ('every_level_all', 'critical', 'the role grants All on every level of every function'),
    ('escalation', 'critical', 'the role can create members or change roles (System > Security or '
                               'Member Maintenance beyond Inquire)'),
    ('role_shared_with_people', 'high', 'the role is also the role of people (full members)'),
    ('role_shared_with_api_members', 'medium', 'the role is also the role of other API members'),
    ('role_missing', 'high', 'the member\'s role no longer exists'),
    ('role_inactive', 'medium', 'the member\'s role is inactive'),
    ('member_inactive', 'low', 'the member is inactive'),
    ('undeclared', 'medium', 'no integration of the inventory declares the member'),
    ('integration_missing', 'high', 'a declared integration has no API member in the tenant'),
)
SEVERITY = dict((finding_id, severity) for finding_id, severity, _meaning in FINDINGS)
MEANING = dict((finding_id, meaning) for finding_id, _severity, meaning in FINDINGS)
FINDING_IDS = tuple(finding_id for finding_id, _severity, _meaning in FINDINGS)

# The functions that let a key create members or change what roles grant. The settings
# catalogue calls the first "Security", the web UI's menu "Security Roles": both match.
ESCALATION_FUNCTIONS = (('System', 'Security'), ('System', 'Security Roles'), ('System', 'Member Maintenance'))


def member_screen(identifier):
    """Where an API member is edited in the PSA web UI."""
    return 'System > Members > API Members > "%s"' % identifier


def _own_role_step(identifier, why):
    return ('%s: %s, then in %s choose that role under Role ID and Save' % (
        'System > Security Roles > New (+)', 'create a role for this integration alone with only the rights its '
        'vendor lists (%s)' % why, member_screen(identifier)))


def _finding(finding_id, row, message, step):
    return {'id': finding_id, 'severity': SEVERITY[finding_id], 'member': row['identifier'] if row else None,
            'integration': None, 'role': row['role']['name'] if row else None, 'message': message, 'step': step}


def _role_findings(row, rights):
    identifier, role = row['identifier'], row['role']['name']
    out = []
    if row['role']['admin']:
        out.append(_finding('admin_role', row, 'API member %s is on role "%s", which has the admin flag: the key can do '
                            'anything in the tenant, and an integration never needs that' % (identifier, role),
                            _own_role_step(identifier, 'an admin role is never needed')))
    if rights and rights['every_level_all']:
        out.append(_finding('every_level_all', row, 'API member %s is on role "%s", which grants All on every level of '
                            'every function' % (identifier, role),
                            _own_role_step(identifier, 'not "%s", which grants everything' % role)))
    elif rights and rights['escalation']:
        rows = rights['escalation']
        what = '; '.join('%s > %s: %s' % (entry['module'], entry['function'],
                                          ', '.join('%s %s' % (level.capitalize(), value) for level, value in entry['levels']))
                         for entry in rows)
        steps = ' and '.join(function_step(role, entry['module'], entry['function'],
                                           [(level, 'None', value) for level, value in entry['levels']])
                             for entry in rows)
        out.append(_finding('escalation', row, 'API member %s is on role "%s", which grants %s: the key can create '
                            'members or change roles (escalation)' % (identifier, role, what),
                            '%s, then Save (only Inquire is ever needed there by an integration)' % steps))
    return out


def _people(count):
    return '1 person (a full member)' if count == 1 else '%d people (full members)' % count


def _sharing_findings(row, context):
    identifier, role = row['identifier'], row['role']['name']
    out = []
    if context['people']:
        out.append(_finding('role_shared_with_people', row, 'role "%s" of API member %s is also the role of %s'
                            ': a change made for the integration changes their rights, and '
                            'theirs the key\'s' % (role, identifier, _people(context['people'])),
                            _own_role_step(identifier, 'the people keep "%s"' % role)))
    others = context['other_members']
    if others:
        out.append(_finding('role_shared_with_api_members', row, 'role "%s" of API member %s is also the role of '
                            'API member%s %s' % (role, identifier, 's' if len(others) > 1 else '', ', '.join(others)),
                            _own_role_step(identifier, 'each integration on its own role')))
    return out


def member_findings(row, context):
    """The findings of one API member row (see posture.member_row) in the order of FINDINGS."""
    identifier, role, state = row['identifier'], row['role']['name'], row['role']['state']
    out = _role_findings(row, context['rights'])
    # An inactive member cannot log in: who else is on its role matters only for active ones.
    if not row['inactive'] and state in ('active', 'inactive'):
        out.extend(_sharing_findings(row, context))
    if state == 'missing':
        out.append(_finding('role_missing', row, 'API member %s is on role id %s, which no longer exists'
                            % (identifier, row['role']['id']),
                            '%s: choose its integration\'s role under Role ID and Save, or tick Inactive and Save if '
                            'no integration uses it' % member_screen(identifier)))
    elif state == 'inactive':
        out.append(_finding('role_inactive', row, 'API member %s is on role "%s", which is inactive'
                            % (identifier, role),
                            '%s: choose an active role made for its integration under Role ID and Save, or tick '
                            'Inactive and Save if no integration uses it' % member_screen(identifier)))
    if row['inactive']:
        out.append(_finding('member_inactive', row, 'API member %s is inactive; its API keys work again if it is '
                            'reactivated' % identifier,
                            '%s > API Keys: delete every key listed there (or make it active again if an '
                            'integration still needs it)' % member_screen(identifier)))
    declared = context['declared']
    if declared is not None and (identifier or '').casefold() not in set(
            item['member'].casefold() for item in declared):
        out.append(_finding('undeclared', row, 'API member %s is not declared by any integration of the inventory'
                            % identifier,
                            '%s: tick Inactive and Save, then delete its keys under API Keys, if no integration uses '
                            'it; otherwise declare it in cw_psa_integrations' % member_screen(identifier)))
    return out


def missing_integrations(declared, api_identifiers):
    """One finding per declared integration whose member the tenant does not have."""
    out = []
    reported = set()
    for item in declared or []:
        key = item['member'].casefold()
        if key in api_identifiers or key in reported:
            continue
        reported.add(key)
        out.append({'id': 'integration_missing', 'severity': SEVERITY['integration_missing'], 'member': None,
                    'integration': item['name'], 'role': None,
                    'message': 'integration %s declares API member %s, which this tenant does not have'
                               % (item['name'], item['member']),
                    'step': 'run the integration\'s setup (for Accounting Sync: msp.connectwise_psa.setup_acct_sync), '
                            'or in System > Members > API Members > New (+) create "%s" on its own role, then Save'
                            % item['member']})
    return out


def counts(found):
    """``{by_id: {id: n}, by_severity: {severity: n}, total}`` of a list of findings."""
    by_id = dict((finding_id, 0) for finding_id in FINDING_IDS)
    by_severity = dict((severity, 0) for severity in SEVERITIES)
    for finding in found:
        by_id[finding['id']] += 1
        by_severity[finding['severity']] += 1
    return {'by_id': by_id, 'by_severity': by_severity, 'total': len(found)}
