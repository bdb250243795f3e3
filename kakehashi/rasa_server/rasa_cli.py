"""`rasa` as Kakehashi runs it: Rasa's own command line, after the patches of
kakehashi/rasa_server/rasa_patches.py (checked against the Rasa version). Same arguments:
`python -m kakehashi.rasa_server.rasa_cli run …`.
"""

from kakehashi.rasa_server import rasa_patches

rasa_patches.apply()

from rasa.__main__ import main  # noqa: E402

if __name__ == "__main__":
    main()
