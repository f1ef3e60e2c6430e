"""rollup: many reports at once — summed into a government's totals, read into a dataset,
studied as statistics, and generated for tests and benchmarks.

Modules, one job each:

- `total`: sum reports' tables cell by cell (`rollup`), refusing mixed years or formats;
- `inputs`: the files a command is given (files or folders) and loading + checking each;
- `schema`: the dataset's tables and their columns (Parquet and CSV), documented in
  docs/dataset.md;
- `work`: one file → its dataset rows (runs in worker processes or on Dask workers);
- `dataset`: the dataset on disk: part files written chunk by chunk, the done-hash index;
- `batch`: the corpus → the dataset, in parallel (processes or a Dask cluster), resumable;
- `regions`: an agency's region (name prefix or a mapping CSV);
- `stats`: statistics per year and region from the dataset's counts;
- `charts`, `report`: inline SVG charts and the offline HTML statistics report;
- `render`: a report as plain text or an HTML page (the corpus's documents);
- `series`, `faults`, `corpus`: random year series per agency, injected faults, the corpus.
"""

from gongkai.rollup.total import RollupError, RollupResult, rollup

__all__ = ["RollupError", "RollupResult", "rollup"]
