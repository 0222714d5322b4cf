"""Model layer: providers (embedded llama.cpp, OpenAI-compatible HTTP), catalogue, downloads."""
