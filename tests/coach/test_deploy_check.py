"""``flask check-deploy`` on where the coach's quotas are kept."""

from homegym.ops.checks import capacity_findings, quota_storage_findings

BASE = {"MAX_CONTENT_LENGTH": 16 * 1024 * 1024, "CACHE_TYPE": "RedisCache"}


def ids(config) -> set[str]:
    config = {**BASE, **config}
    found = capacity_findings(config) + quota_storage_findings(config)
    return {finding.id for finding in found}


def test_memory_storage_with_several_workers_is_an_error():
    found = ids({"RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": 2})
    assert "homegym.E009" in found and "homegym.W008" not in found


def test_memory_storage_in_production_is_a_warning_even_with_one_worker():
    config = {
        "RATELIMIT_STORAGE_URI": "memory://",
        "WEB_CONCURRENCY": 1,
        "HOMEGYM_ENV": "production",
    }
    assert "homegym.W008" in ids(config)


def test_redis_storage_passes():
    config = {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "WEB_CONCURRENCY": 4,
        "HOMEGYM_ENV": "production",
    }
    assert not ids(config) & {"homegym.E009", "homegym.W008"}


def test_development_with_one_worker_is_left_alone():
    config = {"RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": 1}
    assert "homegym.W008" not in ids(config)


def test_check_deploy_prints_the_warning(runner, app):
    app.config.update(HOMEGYM_ENV="production", WEB_CONCURRENCY=1)
    app.config["RATELIMIT_STORAGE_URI"] = "memory://"

    result = runner.invoke(args=["check-deploy"])

    assert "homegym.W008" in result.output
