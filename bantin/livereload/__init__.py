"""bantin.livereload: the livereload engine: incremental and partial rebuilds, the preview server."""
