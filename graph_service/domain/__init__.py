"""Domain models of the graph's entities and vocabularies, and pure logic over them."""
