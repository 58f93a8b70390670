"""The indices: what each one is (``specs``, a project's catalogue of them), how each kind of index is loaded and
validated into the tidy table (``kinds.load``), the project a run opens (``project``), and its raw files."""
