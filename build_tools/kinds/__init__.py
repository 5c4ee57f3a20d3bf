"""One package per content kind (model, load/join, pages), listed in `registry`."""
