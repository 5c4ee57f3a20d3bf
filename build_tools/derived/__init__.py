"""What is made from the whole joined site: search, open data, coverage map, review report."""
