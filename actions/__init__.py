"""The Kakehashi action server (rasa-sdk): `rasa run actions --actions actions`."""

from actions import actions  # noqa: F401  (importing registers the actions)
