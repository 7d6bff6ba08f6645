"""The REST API under /api/v1 (django-ninja): thin endpoints over the same services, selectors and rules."""
