"""The Discord face of Gigwise: one feature package per area, each a thin layer over advisor/ and db/."""
