"""Bring outside data into the corpus format: local JSONL/CSV, Hugging Face datasets, SummEval.

``common`` maps rows to articles and writes a collection; ``tabular``, ``hf`` and ``summeval``
only read their sources. The command line is ``eval.commands.import_data``.
"""
