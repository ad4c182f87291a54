"""Pacer's core: library, chunking, embedding, index, retrieval and answers. Knows nothing of Discord."""
