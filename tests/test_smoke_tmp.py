from tests.conftest import log_in

def test_login(client, user):
    r = log_in(client, user.email)
    assert r.status_code == 303, r.get_data(True)
    r = client.get("/")
    assert "Signed in as" in r.get_data(True)
