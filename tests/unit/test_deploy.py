"""deploy/ mirrors the tested topology: the same settings reach the same processes."""

import re

import yaml

from kakehashi.servers import REPO

DEPLOY = REPO / "deploy"
PRODUCTION_ENDPOINTS = (REPO / "bot" / "endpoints.production.yml").read_text("utf-8")
NEEDED = set(re.findall(r"\$\{(\w+)\}", PRODUCTION_ENDPOINTS)) | {"KAKEHASHI_STORES"}
TEMPLATE_VARIABLES = {"RASA_UPSTREAMS", "NGINX_LISTEN"}


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))["services"]


def kubernetes() -> dict:
    documents = yaml.safe_load_all((DEPLOY / "kubernetes" / "kakehashi.yml").read_text("utf-8"))
    return {(d["kind"], d["metadata"]["name"]): d for d in documents}


def test_the_endpoints_need_database_redis_and_actions():
    assert NEEDED == {"ACTION_ENDPOINT_URL", "DATABASE_URL", "REDIS_HOST", "REDIS_PORT",
                      "KAKEHASHI_STORES"}


def test_compose_runs_two_replicas_behind_nginx_with_every_setting():
    services = compose()
    replicas = [name for name, s in services.items()
                if s.get("image") == "kakehashi:latest" and "command" not in s]
    assert len(replicas) == 2
    for name in [*replicas, "actions"]:
        assert NEEDED <= set(services[name]["environment"]), name
        assert services[name]["environment"]["KAKEHASHI_STORES"] == "production"
    nginx = services["nginx"]
    assert all(f"server {r}:5005;" in nginx["environment"]["RASA_UPSTREAMS"] for r in replicas)
    assert any(v.startswith("./nginx/kakehashi.conf.template:") for v in nginx["volumes"])


def test_kubernetes_runs_two_replicas_with_every_setting():
    objects = kubernetes()
    configured = set(objects[("ConfigMap", "kakehashi-env")]["data"])
    secret = {"DATABASE_URL", "REDIS_HOST"}  # the documented Secret
    assert NEEDED <= configured | secret
    rasa = objects[("Deployment", "kakehashi-rasa")]
    assert rasa["spec"]["replicas"] == 2
    for name in ("kakehashi-rasa", "kakehashi-actions"):
        container = objects[("Deployment", name)]["spec"]["template"]["spec"]["containers"][0]
        refs = {next(iter(ref.values()))["name"] for ref in container["envFrom"]}
        assert refs == {"kakehashi-env", "kakehashi"}
    for name in ("kakehashi-rasa", "kakehashi-actions", "kakehashi-nginx"):
        assert ("Service", name) in objects


def test_the_nginx_template_has_only_the_variables_deployments_set():
    template = (DEPLOY / "nginx" / "kakehashi.conf.template").read_text("utf-8")
    assert set(re.findall(r"\$\{(\w+)\}", template)) == TEMPLATE_VARIABLES
    nginx_env = {e["name"] for e in kubernetes()[("Deployment", "kakehashi-nginx")]["spec"]
                 ["template"]["spec"]["containers"][0]["env"]}
    assert nginx_env == TEMPLATE_VARIABLES == set(compose()["nginx"]["environment"])


def test_make_run_cluster_listens_on_a_fixed_documented_port(tmp_path, monkeypatch):
    from kakehashi.cluster import CLUSTER_PORT, Cluster

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert Cluster(2, log_dir=tmp_path, port=CLUSTER_PORT).url == "http://127.0.0.1:8080"
    assert "http://127.0.0.1:8080" in (REPO / "README.md").read_text(encoding="utf-8")
