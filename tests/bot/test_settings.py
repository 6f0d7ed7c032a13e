"""Settings: defaults, each malformed value named in its error, and a token that never shows."""

from pathlib import Path

import pytest

from bot.settings import Secret, SettingsError, load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.Gabcde.abcdefghijklmnopqrstuvwxyz012345"


def test_defaults_put_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    settings = load_settings({"HOME": str(tmp_path), "GIGWISE_DATA_DIR": str(tmp_path / "d")})
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'd' / 'gigwise.sqlite3'}"
    assert settings.discord_token is None
    assert settings.log_level == "INFO"


def test_data_directory_defaults_to_xdg_data_home(tmp_path: Path) -> None:
    settings = load_settings({"XDG_DATA_HOME": str(tmp_path)})
    assert settings.data_dir == tmp_path / "gigwise"


def test_token_is_kept_secret_in_repr() -> None:
    settings = load_settings({"DISCORD_TOKEN": TOKEN})
    assert settings.discord_token is not None
    assert settings.discord_token.reveal() == TOKEN
    assert TOKEN not in repr(settings)
    assert TOKEN not in f"{settings.discord_token}"


def test_secret_compares_by_value() -> None:
    assert Secret("a") == Secret("a")
    assert Secret("a") != Secret("b")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DISCORD_TOKEN", "short"),
        ("DISCORD_TOKEN", "has a space in it and is long enough"),
        ("DATABASE_URL", "mysql://localhost/x"),
        ("DATABASE_URL", "sqlite:///plain-driver.db"),
        ("DATABASE_URL", "postgresql+asyncpg://u:pw@db:5432x/gigwise"),
        ("DATABASE_URL", "postgresql+asyncpg://u:pw@db:65536/gigwise"),
        ("DATABASE_URL", "postgresql+asyncpg://u:pw@[::1/gigwise"),
        ("DATABASE_URL", "sqlite+aiosqlite:///"),
        ("DATABASE_URL", "sqlite+aiosqlite:///:memory:"),
        ("DATABASE_LOCK_WAIT", "soon"),
        ("DATABASE_LOCK_WAIT", "-1"),
        ("DATABASE_LOCK_WAIT", "inf"),
        ("LOG_LEVEL", "LOUD"),
        ("DISCORD_API_URL", "ftp://example.invalid/api"),
        ("DISCORD_API_URL", "not a url"),
        ("DISCORD_GATEWAY_URL", "http://127.0.0.1:1/"),
        ("DISCORD_GUILD_ID", "abc"),
        ("DISCORD_GUILD_ID", "0"),
        ("SHARD_COUNT", "-1"),
    ],
)
def test_malformed_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value})
    assert caught.value.setting == name
    assert str(caught.value).startswith(f"{name}: ")


def test_a_malformed_database_url_is_not_repeated() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"DATABASE_URL": "postgresql+asyncpg://gigwise:hunter2@db:5432x/gigwise"})
    assert "hunter2" not in str(caught.value)
    assert "port" in str(caught.value)


def test_start_up_waits_thirty_seconds_for_a_lock_unless_told() -> None:
    from db.startup import DEFAULT_LOCK_WAIT

    assert load_settings({}).database_lock_wait == DEFAULT_LOCK_WAIT == 30
    assert load_settings({"DATABASE_LOCK_WAIT": "2.5"}).database_lock_wait == 2.5


def test_shard_ids_need_a_shard_count() -> None:
    with pytest.raises(SettingsError, match="SHARD_IDS"):
        load_settings({"SHARD_IDS": "0"})


def test_shard_ids_must_be_below_the_count() -> None:
    with pytest.raises(SettingsError, match="SHARD_IDS"):
        load_settings({"SHARD_COUNT": "2", "SHARD_IDS": "0,2"})


def test_shard_ids_are_read_in_order() -> None:
    settings = load_settings({"SHARD_COUNT": "4", "SHARD_IDS": "3, 1"})
    assert settings.shard_ids == (1, 3)


def test_proxy_urls_are_kept() -> None:
    settings = load_settings(
        {
            "DISCORD_API_URL": "http://127.0.0.1:8080/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8081/",
        }
    )
    assert settings.discord_api_url == "http://127.0.0.1:8080/api/v10"
    assert settings.discord_gateway_url == "ws://127.0.0.1:8081/"


def test_log_level_is_case_insensitive() -> None:
    assert load_settings({"LOG_LEVEL": "debug"}).log_level == "DEBUG"


def test_two_heavy_jobs_run_at_once_and_members_keep_200_000_billings_unless_told() -> None:
    settings = load_settings({})
    assert settings.heavy_jobs == 2
    assert (settings.quotas.billings, settings.quotas.contracts) == (200_000, 20_000)


def test_heavy_jobs_and_quotas_are_read() -> None:
    settings = load_settings(
        {
            "GIGWISE_HEAVY_JOBS": "4",
            "GIGWISE_MAX_BILLINGS_PER_MEMBER": "1000",
            "GIGWISE_MAX_CONTRACTS_PER_MEMBER": "50",
        }
    )
    assert (settings.heavy_jobs, settings.quotas.billings, settings.quotas.contracts) == (
        4,
        1000,
        50,
    )


@pytest.mark.parametrize(
    "name",
    ["GIGWISE_HEAVY_JOBS", "GIGWISE_MAX_BILLINGS_PER_MEMBER", "GIGWISE_MAX_CONTRACTS_PER_MEMBER"],
)
@pytest.mark.parametrize("value", ["0", "two", "-1"])
def test_a_heavy_job_or_quota_setting_must_be_a_positive_whole_number(
    name: str, value: str
) -> None:
    with pytest.raises(SettingsError, match=name):
        load_settings({name: value})
