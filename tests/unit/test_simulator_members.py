# -*- coding: utf-8 -*-
"""The simulator's members count (people and API members) and its refusal to delete a role in use."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type


def test_members_count_counts_people_and_api_members(psa_sim, psa_client):
    admin = [r['id'] for r in psa_sim.roles('acme') if r['name'] == 'Admin'][0]
    tech = [r['id'] for r in psa_sim.roles('acme') if r['name'] == 'Technician'][0]
    psa_sim.operator('acme').add_person('jdoe', 'Technician')

    def count(conditions):
        answer = psa_client.get('/system/members/count', params={'conditions': conditions})
        assert answer.status_code == 200, answer.text
        return answer.json()['count']
    assert count('securityRole/id=%d' % admin) == 1                          # AutomationAdmin, an API member
    assert count('(securityRole/id=%d) and (licenseClass!="A")' % admin) == 0
    assert count('(securityRole/id=%d) and (licenseClass!="A")' % tech) == 1


def test_a_role_a_person_holds_cannot_be_deleted(psa_sim, psa_client):
    tech = [r['id'] for r in psa_sim.roles('acme') if r['name'] == 'Technician'][0]
    psa_sim.operator('acme').add_person('jdoe', 'Technician')
    answer = psa_client.delete('/system/securityroles/%d' % tech)
    assert answer.status_code == 400
    assert answer.json()['errors'][0]['message'] == "Security role 'Technician' is assigned to 1 member(s) and cannot be deleted."
