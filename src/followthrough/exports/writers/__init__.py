"""The format writers: plain Python over ``exports.model``, each returning the file's bytes."""
