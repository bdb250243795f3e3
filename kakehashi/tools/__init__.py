"""Commands and launchers that run in neither server: `kakehashi` (validate, build, eval, rank,
report, …), `make run` / `make run-cluster`, `make bench`."""
