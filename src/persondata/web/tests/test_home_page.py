"""The public front page: the controller once a declaration is applied, guidance before."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from persondata.policy.actions import apply_declaration
from persondata.policy.loader import load_file

DEMO = Path(__file__).resolve().parents[4] / "examples" / "demo.yaml"

pytestmark = pytest.mark.django_db


def test_before_any_declaration_the_page_says_how_to_apply_one(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "No declaration has been applied yet" in page
    assert "persondata policy check FILE" in page
    assert "persondata policy apply FILE" in page


def test_after_applying_the_demo_declaration_the_page_names_the_controller(client):
    declaration = load_file(DEMO).declaration
    assert declaration is not None
    apply_declaration(path=DEMO, actor_label="test")
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    page = response.content.decode()
    controller = declaration.controller
    assert f"<h1>{escape(controller.name)}</h1>" in page
    assert f"<title>{escape(controller.name)}</title>" in page
    assert escape(controller.email) in page
    assert "No declaration has been applied yet" not in page


def test_the_home_page_is_at_the_site_root():
    assert reverse("web:home") == "/"
