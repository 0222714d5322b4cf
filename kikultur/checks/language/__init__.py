"""Fair and clear language: gender-inclusive German, sensitive terms, readability, platforms."""
