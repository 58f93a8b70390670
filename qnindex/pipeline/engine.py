"""papermill's engine for the yearly job: a year's notebooks in one kernel.

papermill runs every notebook through ``papermill.execute_notebook`` — its parameters, metadata and error cells,
nbclient's execution. Its documented extension point, an engine (``papermill.engines``), hands the notebooks of a
year one running kernel (``kernel=``), so a year pays for one kernel start and one set of imports. Nothing else is sent
to the kernel: the driver's input is each notebook's parameters, its output the files the notebooks write (the plan
of ``check.ipynb``, the pack). The kernel is started by jupyter_client with its default transport (TCP on the
loopback, encrypted) in the project's notebooks folder, and ends with the process that started it (jupyter_client
hands it its parent's id, which ipykernel watches on Linux, macOS and Windows).
"""
from __future__ import annotations

from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.utils import merge_kwargs, remove_args

ENGINE = "qnindex"  # papermill's name for YearEngine
KERNEL_OPTIONS = ["--HistoryManager.enabled=False", "--InteractiveShell.cache_size=0"]  # a job's kernel keeps no
# input history (no SQLite write per cell, nothing left in the user's IPython profile) and no output cache (``Out``
# does not hold every table a notebook showed): IPython's documented options, given on the kernel's command line


class YearKernel:
    """The one kernel of a year's job, started at its first use in ``cwd``; papermill runs every notebook of the
    year in it (``YearEngine``)."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.km = None  # jupyter_client's kernel manager, once started
        self.kc = None  # the client papermill's runs share
        self.running: int | None = None  # the code cell (1, 2, ...) sent to the kernel last

    def started(self):
        """The kernel manager, with its kernel running."""
        if self.km is None:
            from jupyter_client.manager import AsyncKernelManager
            from nbclient.util import run_sync

            # TCP on the loopback, encrypted (CurveZMQ) where the kernel and pyzmq support it, as ipykernel's do
            km = AsyncKernelManager(kernel_name="python3", transport_encryption="auto")
            run_sync(km.start_kernel)(cwd=str(self.cwd), extra_arguments=KERNEL_OPTIONS)
            self.km = km
        return self.km

    def cell_started(self, cell, cell_index: int, **_kwargs) -> None:
        """nbclient's hook before each cell: which code cell runs (to name it if the kernel dies in it)."""
        self.running = (self.running or 0) + 1 if cell.cell_type == "code" else self.running

    def shutdown(self) -> None:
        from nbclient.util import run_sync

        if self.kc is not None:
            self.kc.stop_channels()
        if self.km is not None:
            try:
                run_sync(self.km.shutdown_kernel)(now=True)
            except Exception:  # noqa: BLE001 - a kernel that already died has nothing left to shut down
                pass
        self.km = self.kc = None


class _NumberedClient(PapermillNotebookClient):
    """papermill's client, numbering each notebook's code cells from 1 as a fresh kernel would (the year's kernel
    has run the notebooks before it)."""

    def execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        if execution_count is None and cell.cell_type == "code":
            execution_count = self.code_cells_executed + 1
        return super().execute_cell(cell, cell_index, execution_count, store_history)


class YearEngine(NBClientEngine):
    """papermill's nbclient engine on a kernel already running (``kernel=YearKernel``), kept after the notebook so
    the next one reuses it; without ``kernel`` it is papermill's own engine (a kernel per notebook)."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, kernel: YearKernel | None = None,
                                 **kwargs):
        if kernel is None:
            return super().execute_managed_notebook(nb_man, kernel_name, log_output, stdout_file, stderr_file,
                                                    start_timeout, execution_timeout, **kwargs)
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        options = merge_kwargs(kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                               kernel_name=kernel_name, log_output=log_output, stdout_file=stdout_file,
                               stderr_file=stderr_file, on_cell_execute=kernel.cell_started)
        kernel.running = 0
        client = _NumberedClient(nb_man, km=kernel.started(), **options)
        client.kc = kernel.kc  # None the first time: nbclient connects, and the client is kept for the next run
        try:
            return client.execute()
        finally:
            kernel.kc = client.kc


def execute(nb, parameters: dict | None, kernel: YearKernel | None):
    """Run the notebook node ``nb`` through papermill (``parameters`` injected as papermill does) in the year's
    ``kernel`` (None: a kernel of its own); returns the executed notebook. Raises PapermillExecutionError (a cell
    failed; papermill has put its error cell at the top) or DeadKernelError (the kernel is shut down then: the next
    call starts a new one)."""
    import papermill
    from nbclient.exceptions import DeadKernelError
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE, YearEngine)
    try:
        return papermill.execute_notebook(nb, None, parameters=parameters, engine_name=ENGINE, kernel_name="python3",
                                          language="python", progress_bar=False, request_save_on_cell_execute=False,
                                          execution_timeout=1800, kernel=kernel)
    except DeadKernelError:
        if kernel is not None:
            kernel.shutdown()
        raise
