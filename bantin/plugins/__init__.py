"""bantin.plugins: Pelican plugins, one module per job, each with one BANTIN_* setting."""
