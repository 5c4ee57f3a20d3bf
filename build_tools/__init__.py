"""sjelden-site: build tools for sjelden.no."""
