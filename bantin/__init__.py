"""bantin: a Pelican-based static site generator for Vietnamese commune bulletins."""
