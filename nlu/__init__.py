"""Custom Rasa NLU components for Kakehashi (Japanese tokenisation, language identification)."""
