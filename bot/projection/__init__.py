"""Projections from one election's results: targets, uniform (or proportional) swing, and the
smallest swing that gives a party a majority or the most seats. Pure arithmetic, no wording.

Every figure is a projection from a named election, not a forecast.
"""
