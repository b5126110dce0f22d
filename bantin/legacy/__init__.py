"""bantin.legacy: importing saved pages of the legacy portals (Liferay, NukeViet)."""
