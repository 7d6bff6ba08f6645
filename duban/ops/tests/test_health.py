def test_the_health_endpoint_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_health_endpoint_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405
