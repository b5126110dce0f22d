"""bantin.editor: tools for editors: invoke check and invoke new."""
