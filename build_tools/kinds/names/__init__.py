"""Norwegian names for any ORPHA entity: `data/norske-navn.yml`, approved or suggested, with a source."""
