"""The engine adapter: the MkDocs/ProperDocs plugin, its config, the HTML cache, atomic output, parallel conversion."""
