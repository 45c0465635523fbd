# -*- coding: utf-8 -*-
"""key_lifecycle, key_intake_refusal and the key's life in tenant_status and the report's words."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.msp.connectwise_psa.plugins.filter.key_lifecycle import (
    dated_description, key_intake_refusal, key_lifecycle)
from ansible_collections.msp.connectwise_psa.plugins.filter.psa import tenant_status
from ansible_collections.msp.connectwise_psa.plugins.module_utils._api_key import fingerprint as key_fingerprint
from ansible_collections.msp.connectwise_psa.plugins.plugin_utils._report import key_summary

NOW = '2026-12-15T12:00:00Z'
CURRENT = {'stored_at': '2026-12-01T10:00:00Z', 'description': 'K 2026-12', 'fingerprint': 'sha256:00000001'}
PREVIOUS = {'stored_at': '2025-06-01T10:00:00Z', 'description': 'K 2025-06', 'fingerprint': 'sha256:00000002'}
SCREEN = 'System > Members > API Members > "M" > API Keys'


def life(**options):
    return key_lifecycle(options.pop('meta', CURRENT), 'M', 'K', now=NOW, **options)


def test_stored_since_and_age_off_by_default():
    facts = life()
    assert facts['stored_at'] == CURRENT['stored_at'] and facts['age_days'] == 14
    assert facts['too_old'] is None and facts['max_age_days'] is None and facts['steps'] == []
    assert facts['rotation']['state'] == 'none'


def test_too_old_gives_the_rotation_steps():
    facts = life(max_age_days=10)
    assert facts['too_old'] is True and len(facts['steps']) == 3
    assert facts['steps'][0].startswith(SCREEN + ': the key "K 2026-12" (sha256:00000001) is 14 days old')
    assert 'enter Description "K 2026-12"' in facts['steps'][0]     # the month of NOW
    assert life(max_age_days=14)['too_old'] is False


def test_rotation_states():
    pending = life(previous=PREVIOUS, previous_check={'status': 'verified'}, max_age_days=1)
    assert pending['rotation']['state'] == 'pending' and len(pending['steps']) == 1    # no second rotation asked
    assert pending['steps'][0].startswith(SCREEN + ': the PSA still accepts the previous key "K 2025-06"')
    refused = life(previous=PREVIOUS, previous_check={'status': 'invalid'},
                   removal={'outcome': 'rotation_completed', 'check_mode': True, 'rotation_completed': {'at': NOW}})
    assert refused['rotation']['state'] == 'previous_refused'
    assert refused['steps'][0].startswith('Run the setup to remove the previous key "K 2025-06"')
    done = life(previous=PREVIOUS, previous_check={'status': 'invalid'},
                removal={'outcome': 'rotation_completed', 'check_mode': False,
                         'rotation_completed': {'at': NOW, 'description': 'K 2025-06'}})
    assert done['rotation'] == {'state': 'complete', 'previous': PREVIOUS, 'completed_at': NOW}
    assert done['steps'] == [] and 'completed on 2026-12-15' in done['notes'][0]
    elsewhere = life(previous=PREVIOUS, previous_check={'status': 'invalid'},
                     removal={'outcome': 'no_previous', 'check_mode': False, 'path': '/inv/host_vars/a.yml'})
    assert elsewhere['rotation']['state'] == 'previous_refused' and len(elsewhere['steps']) == 1
    assert 'remove acct_sync_key_previous_public' in elsewhere['steps'][0] and '/inv/host_vars/a.yml' in elsewhere['steps'][0]
    later = life(rotation_completed={'at': NOW, 'description': 'K 2025-06'})
    assert later['rotation']['state'] == 'complete' and later['rotation']['previous'] is None


def test_unknown_age_is_a_note_not_a_guess():
    assert life(meta={}, max_age_days=5, key_status='verified')['notes'][0].startswith('the key was not stored by')
    assert life(meta={}, max_age_days=5, key_status='missing')['notes'] == []
    assert life(meta={'stored_at': 'yesterday'})['age_days'] is None


def test_tenant_status_and_report_words_carry_the_life():
    facts = life(previous=PREVIOUS, previous_check={'status': 'drift'})
    status = tenant_status({}, {'api_member': {'identifier': 'M'}}, {'status': 'verified', 'key_public': 'p'},
                           lifecycle=facts)
    assert status['key']['rotation']['state'] == 'pending' and status['key']['stored_at'] == CURRENT['stored_at']
    assert status['key']['rotation']['previous_description'] == 'K 2025-06'
    assert status['pending_steps'] == facts['steps'] and status['complete'] is False
    words = key_summary(status['key'])
    assert 'stored 2026-12-01 (14 days ago)' in words and 'rotation pending' in words and '"K 2025-06"' in words


def test_intake_refusal_names_the_check_and_shows_no_key():
    public, private = 'PUBLIC0123456789', 'PRIVATE0123456789'
    assert key_intake_refusal({'status': 'verified'}, public, private, 'M') is None
    words = {
        'invalid': key_intake_refusal({'status': 'invalid'}, public, private, 'M'),
        'swapped': key_intake_refusal({'status': 'swapped'}, public, private, 'M'),
        'member': key_intake_refusal({'status': 'wrong_member', 'key_member': 'Other'}, public, private, 'M'),
        'rights': key_intake_refusal({'status': 'drift', 'permissions_drift': [{}], 'manual_steps': ['do x.']},
                                     public, private, 'M'),
        'error': key_intake_refusal({'msg': 'GET /x with %s failed' % public}, public, private, 'M'),
    }
    assert words['invalid'].startswith('check "authentication" failed')
    assert 'halves swapped' in words['swapped'] and 'as member "Other", not "M"' in words['member']
    assert 'check "rights" failed' in words['rights'] and '1 level(s)' in words['rights'] and '1. do x.' in words['rights']
    assert key_fingerprint(public) in words['error']
    for text in words.values():
        assert public not in text and private not in text and text.endswith('Nothing was stored.')


def test_dated_description():
    assert dated_description('Acct Sync API').startswith('Acct Sync API 20')
