"""The Claims tab: candidate pairs, happenings and their reports side by side."""
