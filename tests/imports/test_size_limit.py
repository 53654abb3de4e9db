"""An upload over IMPORT_MAX_BYTES is refused before it is read whole."""

import io

from tests.imports.conftest import nothing_written

ELEVEN_MB = 11 * 1024 * 1024
BOUNDARY = "----homegym-test-boundary"


class CountingStream(io.RawIOBase):
    """An 11 MB multipart body made on the fly; counts what the server reads."""

    def __init__(self, size: int):
        head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        self.head, self.size, self.read_bytes, self.position = head, size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        # The test client measures the body by seeking; reading is what counts.
        self.position = self.size if whence == 2 else offset
        return self.position

    def readinto(self, buffer) -> int:
        left = self.size - self.read_bytes
        if left <= 0:
            return 0
        count = min(len(buffer), left)
        start = self.read_bytes
        chunk = self.head[start : start + count] if start < len(self.head) else b""
        chunk += b"x" * (count - len(chunk))
        buffer[:count] = chunk
        self.read_bytes += count
        return count


def post_stream(client, stream, length=None, **environ):
    headers = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
    return client.post(
        "/imports",
        input_stream=stream,
        content_length=length,
        headers=headers,
        environ_overrides=environ,
    )


def test_an_11_mb_upload_is_refused_unread(user, logged_in):
    stream = CountingStream(ELEVEN_MB)

    response = post_stream(logged_in, stream, length=ELEVEN_MB)

    assert response.status_code == 413
    assert "larger than 10 MB" in response.get_data(as_text=True)
    assert stream.read_bytes == 0
    assert nothing_written(user)


def test_an_upload_of_unknown_length_is_cut_off_at_the_limit(user, logged_in):
    stream = CountingStream(ELEVEN_MB)

    response = post_stream(
        logged_in,
        stream,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input_terminated": True},
    )

    assert response.status_code == 413
    assert stream.read_bytes < 10 * 1024 * 1024 + 128 * 1024
    assert nothing_written(user)


def test_a_file_just_over_the_limit_inside_an_allowed_body(app, user, logged_in):
    app.config["IMPORT_MAX_BYTES"] = 1000
    content = b"x" * 1001

    response = logged_in.post(
        "/imports",
        data={"file": (io.BytesIO(content), "big.csv")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 413
    assert nothing_written(user)
