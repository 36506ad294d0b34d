"""Tenancy: the institutions, their staff groups by role, and the log of their records."""

from institutions.models.institutions import Institution, InstitutionGroup, InstitutionRecord, Role
from institutions.models.log import InstitutionLogEntry

__all__ = ["Institution", "InstitutionGroup", "InstitutionLogEntry", "InstitutionRecord", "Role"]
