"""Courses, their evaluation forms and published results, calendars and feed."""
