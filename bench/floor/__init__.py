"""The floor for bench_pages.py: the least a Django page costs on this machine, served the same way."""
