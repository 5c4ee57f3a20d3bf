"""Authored diagnosis pages and the competence centres responsible for them."""
