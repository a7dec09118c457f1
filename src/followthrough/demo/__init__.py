"""Demo data: the seed plan, its partnership and agencies, and one user per role.

Every person here is invented (pseudonymous); the seed plan is a published document.
"""
