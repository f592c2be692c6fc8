"""edgegrad's demos: one story from the lectures per script, each runnable with no arguments
(``python demos/<name>.py``, ``--help`` for options, ``--quick`` for a fast run), writing into
``out/``. Nothing imports this package except its own tests."""
