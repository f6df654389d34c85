"""The load benchmark behind ``make bench`` (see bench/README.md). Not imported by the site."""
