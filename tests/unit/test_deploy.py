"""deploy/ mirrors the tested topology: the same settings reach the same processes."""

import re

import yaml

from kakehashi.tools.servers import REPO

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
    from kakehashi.tools.cluster import CLUSTER_PORT, Cluster

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    assert Cluster(2, log_dir=tmp_path, port=CLUSTER_PORT).url == "http://127.0.0.1:8080"
    assert "http://127.0.0.1:8080" in (REPO / "README.md").read_text(encoding="utf-8")


def test_the_image_runs_the_same_launcher_as_make_run_not_as_root():
    dockerfile = (DEPLOY / "Dockerfile").read_text("utf-8")
    assert 'CMD ["python", "-m", "kakehashi.tools.servers", "rasa"]' in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    assert users and users[-1] not in ("root", "0")
    assert compose()["actions"]["command"] == ["python", "-m", "kakehashi.tools.servers", "actions"]
    actions = kubernetes()[("Deployment", "kakehashi-actions")]["spec"]["template"]["spec"]
    assert actions["containers"][0]["command"] == ["python", "-m", "kakehashi.tools.servers", "actions"]


def test_the_image_carries_no_environment_history_or_conversations():
    ignored = (REPO / ".dockerignore").read_text("utf-8").split()
    assert {".git", ".venv", "build", "models", "**/*.db"} <= set(ignored)


def test_cors_origins_come_from_one_setting():
    from kakehashi.tools.servers import rasa_command

    env = {"KAKEHASHI_STORES": "production", "KAKEHASHI_CORS_ORIGINS": "https://a.example https://b.example"}
    command = rasa_command(5005, env)
    assert command[command.index("--cors") + 1:] == ["https://a.example", "https://b.example"]
    assert rasa_command(5005, {"KAKEHASHI_STORES": "embedded"})[-1] == "*"
    assert "KAKEHASHI_CORS_ORIGINS" in kubernetes()[("ConfigMap", "kakehashi-env")]["data"]


def test_no_password_is_written_in_the_deployment_files():
    text = (DEPLOY / "docker-compose.yml").read_text("utf-8")
    assert "${POSTGRES_PASSWORD:?" in text and "${REDIS_PASSWORD:?" in text
    assert not re.search(r"PASSWORD: (?!\$\{)\S", text)
    assert "kakehashi:kakehashi@" not in text


def test_kubernetes_pods_run_unprivileged_on_a_read_only_root_with_knowledge_on_a_volume():
    for name in ("kakehashi-rasa", "kakehashi-actions"):
        pod = kubernetes()[("Deployment", name)]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"] + pod.get("initContainers", []):
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            assert container["securityContext"]["allowPrivilegeEscalation"] is False
        mounts = {m["mountPath"] for m in pod["containers"][0]["volumeMounts"]}
        assert "/app/knowledge" in mounts and "/tmp" in mounts
    assert ("PersistentVolumeClaim", "kakehashi-knowledge") in kubernetes()
    assert ("CronJob", "kakehashi-purge") in kubernetes()
