# -*- coding: utf-8 -*-
"""A report with every kind of tenant, built from the steps the modules really produce.

Used by the report's unit tests and the browser layout test (no PSA, no playbook run).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
from html.parser import HTMLParser

import yaml

from ansible_collections.msp.connectwise_psa.plugins.filter.psa import tenant_status
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _steps as steps
from ansible_collections.msp.connectwise_psa.plugins.module_utils import _permissions as model
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import create_key_notes
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils import _report as reports

HERE = os.path.dirname(os.path.abspath(__file__))
ROLE = 'Acct Sync API'
MEMBER = 'Acct Sync API'
LONG_TENANT = 'globex-holdings-international-emea-north-0123456789'
LONG_ERROR = ('Ensure the security role and verify its permission levels: GET https://api-na.myconnectwise.net/'
              'v4_6_release/apis/3.0/system/securityroles?conditions=name%3D%22Acct%20Sync%20API%22&fields=id,name: '
              'HTTPSConnectionPool(host=\'api-na.myconnectwise.net\', port=443): Max retries exceeded '
              '(Caused by NameResolutionError("Failed to resolve \'api-na.myconnectwise.net\'"))')


def acct_sync_table():
    with open(os.path.join(HERE, 'data', 'permission-tables', 'acct_sync.yml')) as stream:
        return model.validate_table(yaml.safe_load(stream)['permissions'])


def fresh_role_result(table, role=ROLE):
    """What cw_security_role returns for a role it just created (every level None)."""
    drift = [{'module': row['module'], 'function': row['function'], 'level': level, 'current': 'None', 'desired': row[level]}
             for row in table for level in model.LEVELS if row[level] != 'None']
    unverified = [dict(steps.as_result([steps.customize(role, row['module'], row['function'], row['customize_allow'])]),
                       module=row['module'], function=row['function'], customize_allow=row['customize_allow'])
                  for row in table if row['customize_allow']]
    return dict(steps.as_result(steps.level_records(role, drift)), changed=True, created=True, compliant=False,
                role={'id': 7, 'name': role}, permissions_drift=drift, unverified=unverified)


def sample_statuses():
    table = acct_sync_table()
    member = {'changed': True, 'api_member': {'identifier': MEMBER, 'inactive': False}}
    missing_key = dict(steps.as_result(steps.create_key_records(MEMBER, 'Acct Sync API')), status='missing',
                       member=MEMBER, manual_notes=create_key_notes(MEMBER))
    pending = tenant_status(fresh_role_result(table), member, missing_key, tenant='acme & <sons>', company_id='acme')
    failed = tenant_status({}, {}, {}, error=LONG_ERROR, tenant=LONG_TENANT, company_id='globex')
    complete = tenant_status({'compliant': True, 'role': {'id': 7, 'name': ROLE}, 'manual_steps': [], 'steps': []},
                             {'api_member': {'identifier': MEMBER, 'inactive': False}},
                             {'status': 'verified', 'key_fingerprint': 'sha256:5d41402abc4b', 'manual_steps': [],
                              'steps': []},
                             tenant='initech', company_id='initech')
    return [(status['tenant'], status) for status in (pending, failed, complete)] + [('umbrella', None)]


def sample_report(check_mode=False):
    return reports.build(sample_statuses(), role_name=ROLE, member=MEMBER, check_mode=check_mode,
                         generated='2026-11-28 20:00:00 UTC')


# Eight integrations, as the presets name them: the grid's phone test needs this many columns.
INTEGRATIONS = ('acct_sync', 'hudu', 'cyberdrain_warranty', 'mspbackups', 'nable_rmm', 'cisco_umbrella',
                'gozynta_mobius', 'ncentral')


def integration_status(tenant, name, kind, table):
    """One integration's status of a tenant: complete, pending (a new role, no key yet) or failed."""
    role, member = '%s API' % name.replace('_', ' ').title(), name.replace('_', '')[:15]
    if kind == 'complete':
        return tenant_status({'compliant': True, 'role': {'id': 7, 'name': role}, 'steps': [], 'manual_steps': []},
                             {'api_member': {'identifier': member, 'inactive': False}},
                             {'status': 'verified', 'key_fingerprint': 'sha256:5d41402abc4b', 'steps': [],
                              'manual_steps': []}, tenant=tenant, company_id=tenant[:6], integration=name, preset=name)
    if kind == 'pending':
        key = dict(steps.as_result(steps.create_key_records(member, role)), status='missing', member=member,
                   manual_notes=create_key_notes(member))
        return tenant_status(fresh_role_result(table, role), {'changed': True, 'api_member': {'identifier': member}},
                             key, tenant=tenant, company_id=tenant[:6], integration=name, preset=name)
    return tenant_status({}, {}, {}, error='Ensure the API member: HTTP 403 (the key lacks System / Member Maintenance)',
                         tenant=tenant, company_id=tenant[:6], integration=name, preset=name)


def grid_statuses():
    """cw_status_report's statuses for 4 tenants by 8 integrations: every kind of cell and tenant."""
    table = acct_sync_table()
    kinds = ('complete', 'pending', 'complete', 'failed', 'pending', 'complete', 'complete', 'pending')
    acme = [integration_status('acme & <sons>', name, kind, table) for name, kind in zip(INTEGRATIONS, kinds)]
    initech = [integration_status('initech', name, 'complete', table) for name in INTEGRATIONS]
    # A tenant that failed before any integration ran: one status, with an error and no integration.
    globex = [tenant_status({}, {}, {}, error=LONG_ERROR, tenant=LONG_TENANT, company_id='globex')]
    return [('acme & <sons>', acme), ('initech', initech), (LONG_TENANT, globex), ('umbrella', None)]


def grid_report(check_mode=False):
    return reports.build(grid_statuses(), check_mode=check_mode, generated='2026-11-28 20:00:00 UTC')


class ReportPage(HTMLParser):
    """Ids, in-page links, visible text, totals, and each tenant section's title, full steps and notes.

    A step is rebuilt from its screen heading and its text, as a person reads them together.
    """

    def __init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.ids, self.links, self.text, self.sections, self.meta, self.totals = set(), [], [], {}, [], {}
        self._section = self._screen = None
        self._capture = None
        self._buffer = ''
        self._in_script = self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and (attrs.get('href') or '').startswith('#'):
            self.links.append(attrs['href'][1:])
        if tag == 'meta':
            self.meta.append(attrs)
        if tag == 'section':
            self._section = self.sections.setdefault(attrs['id'], {'title': '', 'steps': [], 'notes': [], 'boxes': 0})
        if tag == 'input' and attrs.get('type') == 'checkbox':
            self._section['boxes'] += 1
        if tag == 'div' and attrs.get('class') == 'total':
            self._capture, self._buffer = ('div', 'total'), ''
        elif tag == 'h2' and self._section is not None:
            self._capture, self._buffer = ('h2', None), ''
        elif tag == 'h3' or (tag == 'span' and self._section is not None and self._capture is None and not attrs.get('class')) \
                or (tag == 'p' and attrs.get('class') == 'note'):
            self._capture, self._buffer = (tag, attrs.get('class')), ''
        self._in_script = self._in_script or tag == 'script'
        self._in_style = self._in_style or tag == 'style'

    def handle_endtag(self, tag):
        if self._capture and tag == self._capture[0]:
            kind, self._capture = self._capture, None
            if kind[0] == 'div':
                number, label = re.match(r'\s*(\d+)\s*(.*?)\s*$', self._buffer).groups()
                self.totals[label] = int(number)
            elif kind[0] == 'h2':
                self._section['title'] = self._buffer
            elif kind[0] == 'h3':
                self._screen = self._buffer if kind[1] == 'screen' else None
            elif kind[0] == 'span':
                screen = self._screen
                self._section['steps'].append(screen + (' > ' if 'Security Roles' in screen else ': ') + self._buffer
                                              if screen else self._buffer)
            else:
                self._section['notes'].append(self._buffer)
        if tag == 'section':
            self._section = self._screen = None
        if tag == 'script':
            self._in_script = False
        if tag == 'style':
            self._in_style = False

    def section_of(self, tenant):
        matches = [section for section in self.sections.values() if section['title'].startswith(tenant)]
        assert len(matches) == 1, (tenant, [section['title'] for section in self.sections.values()])
        return matches[0]

    def handle_data(self, data):
        if self._capture:
            self._buffer += data
        if not self._in_script and not self._in_style:
            self.text.append(data)


class GridPage(HTMLParser):
    """A grid report's overview cells by tenant and integration, and each integration section's steps, rebuilt."""

    def __init__(self):
        HTMLParser.__init__(self, convert_charrefs=True)
        self.ids, self.links, self.headings, self.cells, self.sections, self.boxes = set(), [], [], {}, {}, []
        self._row = self._label = self._section = self._screen = self._capture = None
        self._buffer = ''

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get('id'):
            self.ids.add(attrs['id'])
        if tag == 'a' and (attrs.get('href') or '').startswith('#'):
            self.links.append(attrs['href'][1:])
        if tag == 'th':
            self._capture, self._buffer = 'th', ''
        if tag == 'tr':
            self._row = None
        if tag == 'td':
            self._label, self._capture, self._buffer = attrs.get('data-label'), 'td', ''
        if tag == 'section' and attrs.get('class') == 'integration':
            self._section = self.sections.setdefault(attrs['id'], {'title': '', 'steps': []})
        if tag == 'h3' and self._section is not None:
            self._capture, self._buffer = 'h3', ''
        if tag == 'h4':
            self._capture, self._buffer = 'h4', ''
            self._screen = attrs.get('class')
        if tag == 'input' and attrs.get('type') == 'checkbox':
            self.boxes.append(attrs['id'])
        if tag == 'span' and self._section is not None and self._capture is None and not attrs.get('class'):
            self._capture, self._buffer = 'span', ''

    def handle_endtag(self, tag):
        if tag != self._capture:
            if tag == 'section' and self._section is not None:
                self._section = None
            return
        self._capture, text = None, self._buffer.strip()
        if tag == 'th':
            self.headings.append(text)
        elif tag == 'td' and self._label == 'Tenant':
            self._row = text
            self.cells[text] = {}
        elif tag == 'td' and self._row is not None:
            self.cells[self._row][self._label] = text
        elif tag == 'h3':
            self._section['title'] = text
        elif tag == 'h4':
            self._screen = text if self._screen == 'screen' else None
        elif tag == 'span':
            screen = self._screen
            self._section['steps'].append(screen + (' > ' if 'Security Roles' in screen else ': ') + self._buffer
                                          if screen else self._buffer)

    def handle_data(self, data):
        if self._capture:
            self._buffer += data
