"""What every stage shares: problems and messages, settings, the clock, reading, validation, page primitives, vocabulary."""
