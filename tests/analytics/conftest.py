"""The dataset the analytical API tests load, and its oracle reading.

By default a synthetic dataset is generated once per session. Setting GRAPH_SERVICE_TEST_DATASET
to a dataset folder checks the API against that folder instead (data the tests did not make).
"""

import os
from pathlib import Path

import pytest

from loaders.generate import generate_dataset
from tests.analytics import oracle

DATASET_VARIABLE = "GRAPH_SERVICE_TEST_DATASET"
# A size and seed no other test uses, so that these checks see data of their own.
REVIEWS = 320
SEED = 23


@pytest.fixture(scope="session")
def analytics_dataset_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    named = os.environ.get(DATASET_VARIABLE)
    if named:
        folder = Path(named)
        if not folder.is_dir():
            pytest.fail(f"{DATASET_VARIABLE}={named}: not a dataset folder", pytrace=False)
        return folder
    folder = tmp_path_factory.mktemp("analytics") / f"synthetic-{REVIEWS}-seed-{SEED}"
    generate_dataset(folder, reviews=REVIEWS, seed=SEED)
    return folder


@pytest.fixture(scope="session")
def analytics_dataset(analytics_dataset_folder: Path) -> oracle.Dataset:
    """The oracle's reading of the same folder: the expected answers come from it."""
    return oracle.load_dataset(analytics_dataset_folder)
