"""Knowledge: text extraction from uploaded documents (later: chunking, index, retrieval)."""
