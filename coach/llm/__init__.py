"""Model providers behind small interfaces: chat models (embedded llama.cpp, OpenAI-compatible,
fake), embedders, and model weights assembled from part packages."""
