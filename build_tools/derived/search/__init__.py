"""The prebuilt search index and the worker behind Material's search box."""
