"""The typed environment readers behind settings.py."""

from __future__ import annotations

import stat
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ImproperlyConfigured

from persondata.lib.envconfig import env_bool, env_int, env_list, env_secret, env_str


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "On"])
def test_true_values_read_as_true(monkeypatch, raw):
    monkeypatch.setenv("PD_TEST_FLAG", raw)
    assert env_bool("PD_TEST_FLAG", False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", "", "  "])
def test_false_values_and_empty_read_as_false(monkeypatch, raw):
    monkeypatch.setenv("PD_TEST_FLAG", raw)
    assert env_bool("PD_TEST_FLAG", True) is False


def test_an_unset_bool_is_the_default(monkeypatch):
    monkeypatch.delenv("PD_TEST_FLAG", raising=False)
    assert env_bool("PD_TEST_FLAG", True) is True
    assert env_bool("PD_TEST_FLAG", False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y", "enabled", "tru"])
def test_a_bool_that_is_not_one_names_the_variable_and_value(monkeypatch, raw):
    monkeypatch.setenv("PD_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("PD_TEST_FLAG", False)
    assert str(error.value) == (
        f"PD_TEST_FLAG={raw!r}: expected one of 1/0, true/false, yes/no, on/off"
    )


def test_an_int_is_read_and_empty_means_the_default(monkeypatch):
    monkeypatch.setenv("PD_TEST_NUMBER", "42")
    assert env_int("PD_TEST_NUMBER", 7) == 42
    monkeypatch.setenv("PD_TEST_NUMBER", " ")
    assert env_int("PD_TEST_NUMBER", 7) == 7
    monkeypatch.delenv("PD_TEST_NUMBER")
    assert env_int("PD_TEST_NUMBER", 7) == 7


@pytest.mark.parametrize("raw", ["4.5", "ten", "1e3", "0x10"])
def test_an_int_that_is_not_a_whole_number_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("PD_TEST_NUMBER", raw)
    with pytest.raises(ImproperlyConfigured, match=rf"^PD_TEST_NUMBER='{raw}': expected a whole"):
        env_int("PD_TEST_NUMBER", 7)


def test_a_list_is_split_at_commas_without_empty_items(monkeypatch):
    monkeypatch.setenv("PD_TEST_LIST", " a.dk, b.dk ,,c.dk, ")
    assert env_list("PD_TEST_LIST", ["x"]) == ["a.dk", "b.dk", "c.dk"]
    monkeypatch.setenv("PD_TEST_LIST", "")
    assert env_list("PD_TEST_LIST", ["x"]) == []
    monkeypatch.delenv("PD_TEST_LIST")
    assert env_list("PD_TEST_LIST", ["x"]) == ["x"]


def test_a_text_is_read_as_given(monkeypatch):
    monkeypatch.setenv("PD_TEST_TEXT", "Europe/Copenhagen")
    assert env_str("PD_TEST_TEXT", "UTC") == "Europe/Copenhagen"
    monkeypatch.delenv("PD_TEST_TEXT")
    assert env_str("PD_TEST_TEXT", "UTC") == "UTC"


@pytest.fixture
def no_secret(monkeypatch):
    monkeypatch.delenv("PD_TEST_SECRET", raising=False)
    monkeypatch.delenv("PD_TEST_SECRET_FILE", raising=False)


def test_a_secret_in_the_variable_wins_over_its_file(monkeypatch, tmp_path, no_secret):
    secret_file = tmp_path / "secret"
    secret_file.write_text("from the file\n")
    monkeypatch.setenv("PD_TEST_SECRET", "from the variable")
    monkeypatch.setenv("PD_TEST_SECRET_FILE", str(secret_file))
    assert env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="k") == "from the variable"
    assert not (tmp_path / "k").exists()


def test_a_secret_is_read_from_the_file_named_by_name_file(monkeypatch, tmp_path, no_secret):
    secret_file = tmp_path / "secret"
    secret_file.write_text("  s3cret value \n\n")
    monkeypatch.setenv("PD_TEST_SECRET_FILE", str(secret_file))
    assert env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="k") == "s3cret value"
    assert not (tmp_path / "k").exists()


def test_an_empty_secret_file_is_an_error(monkeypatch, tmp_path, no_secret):
    secret_file = tmp_path / "secret"
    secret_file.write_text(" \n")
    monkeypatch.setenv("PD_TEST_SECRET_FILE", str(secret_file))
    with pytest.raises(ImproperlyConfigured, match=r"PD_TEST_SECRET_FILE=.*: the file is empty"):
        env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="k")
    assert not (tmp_path / "k").exists()


def test_an_unreadable_secret_file_is_an_error(monkeypatch, tmp_path, no_secret):
    monkeypatch.setenv("PD_TEST_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match=r"PD_TEST_SECRET_FILE=.*absent: cannot read"):
        env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="k")
    assert not (tmp_path / "k").exists()


def test_a_secret_is_generated_once_into_a_file_only_its_owner_can_read(tmp_path, no_secret):
    var_dir = tmp_path / "var"
    first = env_secret("PD_TEST_SECRET", var_dir=var_dir, filename="key")
    second = env_secret("PD_TEST_SECRET", var_dir=var_dir, filename="key")
    assert first == second
    assert len(first) == 64
    path = var_dir / "key"
    assert path.read_text() == first + "\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in var_dir.iterdir()] == ["key"]


def test_a_generated_secret_uses_the_given_generator(tmp_path, no_secret):
    value = env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="ring", generate=lambda: "k1:x")
    assert value == "k1:x"
    assert (tmp_path / "ring").read_text() == "k1:x\n"


def test_an_existing_key_file_is_never_replaced(tmp_path, no_secret):
    (tmp_path / "key").write_text("kept\n")
    assert env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="key") == "kept"
    assert (tmp_path / "key").read_text() == "kept\n"


def test_an_empty_stored_secret_is_an_error_not_a_new_key(tmp_path, no_secret):
    (tmp_path / "key").write_text("")
    with pytest.raises(ImproperlyConfigured, match=r"key: the stored secret is empty"):
        env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="key")
    assert (tmp_path / "key").read_text() == ""


def test_processes_starting_at_once_agree_on_one_generated_secret(tmp_path, no_secret):
    start = threading.Barrier(8)

    def read() -> str:
        start.wait()
        return env_secret("PD_TEST_SECRET", var_dir=tmp_path, filename="key")

    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(lambda _: read(), range(8)))
    assert len(set(values)) == 1
    assert (tmp_path / "key").read_text() == values[0] + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["key"]
