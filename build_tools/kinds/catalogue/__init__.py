"""Every active ORPHA entity and group as a page, the A–Å list and the group index."""
