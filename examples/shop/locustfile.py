"""The demo shop's load test: browse products (some missing), add to carts."""

import random

from locust import HttpUser, between, task


class Shopper(HttpUser):
    wait_time = between(0.05, 0.2)

    @task(30)
    def browse(self):
        sku = random.choice(["tea", "mug", "kettle", "tea", "mug", "spoon"])
        with self.client.get(f"/products/{sku}", name="GET /products/{sku}", catch_response=True) as response:
            if response.status_code == 404 and sku == "spoon":
                response.success()  # asking for a product we do not sell is expected to 404

    @task(10)
    def add_to_cart(self):
        self.client.post("/cart", json={"cart": str(random.randint(1, 50)), "sku": "mug"}, name="POST /cart")

    @task(1)
    def bad_cart(self):
        # About one request in forty sends an unknown SKU; the API answers 400 and locust counts a failure.
        self.client.post("/cart", json={"sku": "spoon"}, name="POST /cart (unknown sku)")
