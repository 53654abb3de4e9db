"""The photo storage: server-made keys only, whole files, nothing outside its root."""

import pytest

from homegym.progress.storage import DirectoryStorage, new_keys


@pytest.mark.parametrize(
    "key",
    ["../secret", "progress/1/../../../etc/passwd", "/etc/passwd", "progress/1/a b"],
)
def test_keys_that_would_leave_the_folder_are_refused(tmp_path, key):
    storage = DirectoryStorage(str(tmp_path / "uploads"))

    with pytest.raises(ValueError):
        storage.save(key, b"x")

    assert not (tmp_path / "uploads").exists()


def test_files_are_written_whole_and_private(tmp_path):
    storage = DirectoryStorage(str(tmp_path))
    image, thumb = new_keys(7)

    storage.save(image, b"jpeg bytes")

    assert storage.read(image) == b"jpeg bytes"
    assert [p.name for p in (tmp_path / "progress" / "7").iterdir()] == [
        image.rsplit("/", 1)[1]
    ]
    assert (tmp_path / image).stat().st_mode & 0o077 == 0
    storage.delete(thumb)  # never written: deleting it is fine


def test_keys_are_random_and_kept_per_user():
    first, second = new_keys(3), new_keys(3)

    assert first != second
    assert all(key.startswith("progress/3/") for key in (*first, *second))
    assert first[1] == first[0].replace(".jpg", "_thumb.jpg")
