"""A small shop API used to produce readiness's demo evidence."""
