import json
import urllib.error
import urllib.request

import pytest

from shop.server import serve


@pytest.fixture(scope="module")
def base_url():
    server = serve(0)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


def post(url, payload):
    request = urllib.request.Request(url, json.dumps(payload).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def test_health(base_url):
    assert get(base_url + "/health")[0] == 200


@pytest.mark.parametrize("sku", ["tea", "mug", "kettle"])
def test_product_found(base_url, sku):
    status, body = get(f"{base_url}/products/{sku}")
    assert status == 200
    assert json.loads(body)["sku"] == sku


def test_product_missing(base_url):
    assert get(base_url + "/products/spoon")[0] == 404


def test_add_to_cart(base_url):
    status, body = post(base_url + "/cart", {"cart": "it", "sku": "mug", "quantity": 2})
    assert status == 200
    assert body["total"] == "28.80"


def test_add_unknown_sku_is_400(base_url):
    assert post(base_url + "/cart", {"sku": "spoon"})[0] == 400


def test_metrics_exposed(base_url):
    status, body = get(base_url + "/metrics")
    assert status == 200
    assert b"cache_hits_total" in body


def test_second_lookup_is_cached(base_url):
    get(base_url + "/products/tea")
    status, body = get(base_url + "/metrics")
    assert b"cache_hits_total" in body and status == 200
