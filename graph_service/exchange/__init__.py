"""Writing the graph out for other systems: the import format, and standard graph formats.

Every format turns the same stream of import-format rows (``Batches``) into the files it
writes, a chunk at a time (``Members``), so that nothing holds the whole graph in memory;
``archive`` turns those chunks into a folder or a zip stream.
"""
