"""Uncertainty of footprints: input distributions, sampled background tables, Monte Carlo."""
