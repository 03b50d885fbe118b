"""``python -m align`` and the ``align`` console script.

The command line is imported only when it runs: a worker process of ``-j N`` starts by importing the module
its parent was started from, and from here that is this one, not the command line and typer, which a worker
never uses (about 60 ms of each worker's start)."""


def main() -> None:
    from align.cli import app

    app()


if __name__ == "__main__":
    main()
