"""Each command's one-line ``HELP`` and ``add_arguments(parser)``, importing nothing heavy: ``xlperf <command>
--help`` and a wrong argument are answered without loading the command (:mod:`xlperf.cli` imports
``xlperf.commands.<command>`` — its ``run(args)`` and what that needs, at the top — only to run it)."""
