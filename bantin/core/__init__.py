"""bantin.core: the small core used by everything else, using none of it."""
