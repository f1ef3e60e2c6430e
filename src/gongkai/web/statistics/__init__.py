"""Roll-up of accepted reports into a government's totals, and charts across agencies and years."""
