"""The synthetic datasets the benchmarks load, generated once and kept under bench/data/."""

from pathlib import Path

from graph_service.loaders.generate import generate_dataset

DATA = Path(__file__).parent / "data"
SEED = 1


def synthetic_dataset(reviews: int) -> Path:
    """The folder of the seed-1 dataset with ``reviews`` reviews, generated if missing."""
    dataset = DATA / f"synthetic-{reviews}-seed-{SEED}"
    if not dataset.exists():
        generate_dataset(dataset, reviews=reviews, seed=SEED)
    return dataset
