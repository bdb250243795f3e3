"""Plugins loaded inside the Rasa server (named in bot/config.yml and bot/endpoints*.yml): the
NLG, the rule policy, the tracker and lock stores, and the one module that patches Rasa."""
