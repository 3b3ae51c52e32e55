"""The Hugging Face backend: resolving (hub ids, folders, GGUF files), loading, inputs, decoding.

Importing this package imports neither torch nor transformers; ``summariser`` does, lazily.
"""
