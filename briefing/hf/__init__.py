"""The Hugging Face backend: loading (hub ids, local folders, GGUF files), inputs, decoding.

Importing this package imports neither torch nor transformers; ``summariser`` does, lazily.
"""
